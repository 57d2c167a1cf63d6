import Foundation
import XCTest
@testable import Policy

/// The action names and violation codes have one home, the policy schema's `$defs`
/// (``ActionVocabulary``); every other list of them in the schemas is exactly that list.
final class ActionVocabularyTests: XCTestCase {
    func testTheShippedVocabularyIsThePolicySchemas() throws {
        let vocabulary = try ActionVocabulary.shipped.get()
        let policy = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONSchema.policy.bytes)) as? [String: Any])
        XCTAssertEqual(Self.walk(policy, ActionVocabulary.actionsPath) as? [String], vocabulary.actions)
        XCTAssertEqual(Self.walk(policy, ActionVocabulary.violationsPath) as? [String], vocabulary.violations)
        for (kind, names) in [("action", vocabulary.actions), ("violation", vocabulary.violations)] {
            XCTAssertEqual(Set(names).count, names.count, "a \(kind) name is listed twice")
            for name in names {
                XCTAssertNotNil(name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression), "\(kind) `\(name)`")
            }
        }
        XCTAssert(vocabulary.actions.contains("suspend_supply"))
        XCTAssert(vocabulary.violations.contains("suspended_without_notice"))
    }

    /// Any `examples` list in any schema that names an action or a violation code is the
    /// whole vocabulary, in the home's order: a name added to, removed from or
    /// misspelt in one copy fails here, with the copy's place.
    func testEveryListOfNamesInTheSchemasIsTheHomeList() throws {
        let vocabulary = try ActionVocabulary.shipped.get()
        var copies: [String: Int] = ["action": 0, "violation": 0]
        var drifted: [String] = []
        for schema in JSONSchema.allCases {
            let value = try JSONSerialization.jsonObject(with: Data(schema.bytes))
            Self.lists(in: value, at: schema.fileName + "#") { place, list in
                for (kind, names) in [("action", vocabulary.actions), ("violation", vocabulary.violations)]
                where !Set(list).isDisjoint(with: names) {
                    copies[kind, default: 0] += 1
                    if list != names {
                        let missing = names.filter { !list.contains($0) }
                        let extra = list.filter { !names.contains($0) }
                        drifted.append("\(place): not the \(kind) list of policy.schema.json (missing \(missing), extra \(extra)"
                                       + (missing.isEmpty && extra.isEmpty ? ", another order)" : ")"))
                    }
                }
            }
        }
        XCTAssert(drifted.isEmpty, drifted.joined(separator: "\n"))
        // The home and the copies that keep each schema standalone (actions: policy, decision,
        // snapshot twice; violations: policy, decision, policy-test twice).
        XCTAssertEqual(copies, ["action": 4, "violation": 4])
    }

    /// A damaged schema is an error that says what is wrong, not a crash.
    func testADamagedSchemaIsDescribed() {
        XCTAssertThrowsError(try ActionVocabulary(policySchema: Array("{}".utf8), path: "policy.schema.json")) { error in
            XCTAssertEqual(error as? PolicyResourceError,
                           .malformed(path: "policy.schema.json", problem: "no `$defs/actionName/examples`"))
        }
        let notNames = #"{"$defs": {"actionName": {"examples": ["a", 1]}}}"#
        XCTAssertThrowsError(try ActionVocabulary(policySchema: Array(notNames.utf8), path: "p")) { error in
            XCTAssertEqual(error as? PolicyResourceError,
                           .malformed(path: "p", problem: "`$defs/actionName/examples` holds something other than a name"))
        }
        XCTAssertThrowsError(try ActionVocabulary(policySchema: Array("{".utf8), path: "p"))
    }

    /// The compiler suggests a known name for a near miss, whatever the lists' order.
    func testNearMissesAreSuggested() throws {
        let vocabulary = try ActionVocabulary.shipped.get()
        XCTAssertEqual(ActionVocabulary.nearMiss("first_remindr", in: vocabulary.actions), "first_reminder")
        XCTAssertEqual(ActionVocabulary.nearMiss("suspended_without_aproval", in: vocabulary.violations),
                       "suspended_without_approval")
        XCTAssertNil(ActionVocabulary.nearMiss("suspend_supply", in: vocabulary.actions))
        XCTAssertNil(ActionVocabulary.nearMiss("bake_a_cake", in: vocabulary.actions))
    }

    /// Calls `visit` with the JSON pointer and the strings of every `examples` list (`enum`s
    /// are fixed values of other things: `on_error: escalate` is not the action).
    private static func lists(in value: Any, at place: String, _ visit: (String, [String]) -> Void) {
        if let object = value as? [String: Any] {
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                if key == "examples", let items = member as? [Any] {
                    visit("\(place)/\(key)", items.compactMap { $0 as? String })
                } else {
                    lists(in: member, at: "\(place)/\(key)", visit)
                }
            }
        } else if let array = value as? [Any] {
            for (index, item) in array.enumerated() { lists(in: item, at: "\(place)/\(index)", visit) }
        }
    }

    private static func walk(_ value: Any, _ path: [String]) -> Any? {
        path.reduce(value as Any?) { ($0 as? [String: Any])?[$1] }
    }
}
