import CEL
import LanguageServer
import XCTest

/// The JSON-RPC layer: lifecycle, framing, and the protocol's errors for what a client
/// should not send.
final class ProtocolTests: XCTestCase {
    func testInitializeAnnouncesCapabilitiesAndShutdownExitsCleanly() throws {
        var session = LSPSession()
        session.initialize()
        session.shutdownAndExit()
        let (ending, messages) = session.run()
        XCTAssertEqual(ending, .exit(afterShutdown: true))
        let capabilities = try XCTUnwrap(messages.response(1)?["result"]?["capabilities"])
        XCTAssertEqual(capabilities["positionEncoding"]?.string, "utf-16")
        XCTAssertEqual(capabilities["textDocumentSync"]?["change"]?.int, 1)
        XCTAssertEqual(messages.response(1)?["result"]?["serverInfo"]?["name"]?.string, "policyctl")
        XCTAssertEqual(messages.response(2)?["result"]?.isNull, true)
    }

    func testUTF8PositionsWhenTheClientPrefersThem() {
        var session = LSPSession()
        session.initialize(#"{"general":{"positionEncodings":["utf-8","utf-16"]}}"#)
        let (_, messages) = session.run()
        XCTAssertEqual(messages.response(1)?["result"]?["capabilities"]?["positionEncoding"]?.string, "utf-8")
    }

    func testExitWithoutShutdownAndEndOfInput() {
        var session = LSPSession()
        session.initialize()
        session.notify("exit")
        XCTAssertEqual(session.run().ending, .exit(afterShutdown: false))

        var closed = LSPSession()
        closed.initialize()
        XCTAssertEqual(closed.run().ending, .endOfInput(afterShutdown: false))
        // The input ending in the middle of a frame is the end of the input too.
        closed.raw(Array("Content-Length: 100\r\n\r\n{\"jsonrpc\"".utf8))
        XCTAssertEqual(closed.run().ending, .endOfInput(afterShutdown: false))
    }

    func testRequestsBeforeInitializeAndAfterShutdown() {
        var session = LSPSession()
        session.request("textDocument/hover")
        session.initialize()
        session.request("initialize", "{}")
        session.request("shutdown", "null")
        session.request("textDocument/hover")
        let (_, messages) = session.run()
        XCTAssertEqual(messages.response(1)?["error"]?["code"]?.int, -32002)
        XCTAssertNotNil(messages.response(2)?["result"])
        XCTAssertEqual(messages.response(3)?["error"]?["code"]?.int, -32600)
        XCTAssertEqual(messages.response(5)?["error"]?["code"]?.int, -32600)
    }

    func testUnknownMethodsAndMalformedMessagesGetErrorsAndTheServerGoesOn() {
        var session = LSPSession()
        session.initialize()
        session.request("workspace/noSuchThing")            // 2
        session.notify("$/noSuchNotification")              // ignored, as LSP says
        session.message("{not json")                        // parse error
        session.message("[1, 2]")                           // not an object
        session.message(#"{"jsonrpc":"2.0","id":7}"#)        // no method
        session.message(#"{"jsonrpc":"1.0","id":8,"method":"shutdown"}"#)
        session.raw(Array("Content-Type: text/plain\r\n\r\n".utf8))  // no Content-Length
        session.raw(Array("Content-Length: -3\r\n\r\n".utf8))
        session.notify("textDocument/didOpen", #"{"textDocument":{}}"#)  // bad params: logged, no answer
        let last = session.request("shutdown", "null")
        let (ending, messages) = session.run()
        XCTAssertEqual(ending, .endOfInput(afterShutdown: true))
        XCTAssertEqual(messages.response(2)?["error"]?["code"]?.int, -32601)
        let anonymous = messages.filter { $0["id"]?.isNull == true }.compactMap { $0["error"]?["code"]?.int }
        XCTAssertEqual(anonymous, [-32700, -32600, -32700, -32700])
        XCTAssertEqual(messages.response(7)?["error"]?["code"]?.int, -32600)
        XCTAssertEqual(messages.response(8)?["error"]?["code"]?.int, -32600)
        XCTAssertEqual(messages.response(last)?["result"]?.isNull, true)
        XCTAssertEqual(messages.count, 9, "\(messages)")
    }

    func testATenMegabyteDocumentIsRefusedWithoutStoppingTheServer() {
        var session = LSPSession()
        session.initialize()
        let huge = String(repeating: "# a comment line of a huge policy\n", count: 10_000_000 / 34)
        session.open("/tmp/policyctl-lsp-huge/huge.yaml", huge)
        let last = session.request("shutdown", "null")
        let (_, messages) = session.run()
        let refused = messages.first { $0["id"]?.isNull == true }
        XCTAssertEqual(refused?["error"]?["code"]?.int, -32600)
        XCTAssert(refused?["error"]?["message"]?.string?.contains("the limit is 8388608 bytes") == true)
        XCTAssertEqual(messages.first { $0["method"]?.string == "window/showMessage" }?["params"]?["type"]?.int, 1)
        XCTAssertEqual(messages.response(last)?["result"]?.isNull, true)
    }

    func testFramingAcceptsOtherHeadersAndSplitReads() {
        let body = #"{"jsonrpc":"2.0","id":1,"method":"x"}"#
        let bytes = Array("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        final class Trickle: ByteInput {
            var bytes: [UInt8]
            init(_ bytes: [UInt8]) { self.bytes = bytes }
            func read(maxLength: Int) -> [UInt8] {
                guard let first = bytes.first else { return [] }
                bytes.removeFirst()
                return [first]
            }
        }
        var reader = MessageReader(input: Trickle(bytes + bytes))
        XCTAssertEqual(reader.next(), .message(Array(body.utf8)))
        XCTAssertEqual(reader.next(), .message(Array(body.utf8)))
        XCTAssertNil(reader.next())
    }
}
