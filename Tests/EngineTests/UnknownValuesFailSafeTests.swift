import CEL
import Engine
import Foundation
import XCTest

/// An unknown or ill-typed value may never make a decision less protective than the right
/// value would: over every shipped example and policy, every corruption of a customer's
/// category, protection kinds, important grade and disputed flags (misspellings, other
/// cases, other JSON types) leaves the set of accounts cut no larger, and every corrupted
/// value the policy can see is named in a warning.
final class UnknownValuesFailSafeTests: XCTestCase {
    /// Ways a billing system gets a string wrong.
    static func corruptions(of text: String) -> [String] {
        var out = [text.uppercased(), text.capitalized, text + "s", " " + text, String(text.dropLast()),
                   String(text.reversed()), text.replacingOccurrences(of: "_", with: " "), text + text.suffix(1)]
        if text.count > 2 { out.append(String(text.prefix(2)) + String(text.dropFirst(3))) }
        return out.filter { $0 != text }
    }

    /// The JSON values that are not of a field's type.
    static let otherTypes = ["1", "true", "{}", "[]", #""""#]

    private func outcome(_ processor: LineProcessor, _ object: [String: Any]) throws -> (cut: Bool, warnings: [String], refused: Bool) {
        let bytes = Array(try JSONSerialization.data(withJSONObject: object))
        switch bytes.withUnsafeBytes({ processor.outcome($0, line: 1) }) {
        case .decided(let d):
            return (d.decision.actions.contains { $0.action == "suspend_supply" }, d.decision.warnings.map { $0.code + " " + ($0.path ?? "") }, false)
        case .refused:
            return (false, [], true)
        }
    }

    private func setting(_ object: [String: Any], _ path: [Any], to value: Any) -> [String: Any] {
        func set(_ node: Any, _ path: ArraySlice<Any>) -> Any {
            guard let step = path.first else { return value }
            if let key = step as? String, var map = node as? [String: Any] {
                map[key] = set(map[key] ?? NSNull(), path.dropFirst())
                return map
            }
            if let index = step as? Int, var list = node as? [Any], index < list.count {
                list[index] = set(list[index], path.dropFirst())
                return list
            }
            return node
        }
        return set(object, path[...]) as? [String: Any] ?? object
    }

    func testCorruptedValuesNeverCutMoreAccounts() throws {
        let processor = LineProcessor(selector: ShippedFiles.policies(), asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0))
        var checked = 0
        var cutsOriginally = 0
        for line in try ShippedFiles.lines("examples/snapshots.ndjson") {
            guard let original = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            let base = try outcome(processor, original)
            if base.cut { cutsOriginally += 1 }
            var mutations: [(what: String, snapshot: [String: Any], path: String)] = []
            let customer = original["customer"] as? [String: Any] ?? [:]
            if let category = customer["category"] as? String {
                for bad in Self.corruptions(of: category) {
                    mutations.append(("category \(bad)", setting(original, ["customer", "category"], to: bad), "customer.category"))
                }
                for json in Self.otherTypes {
                    let bad = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
                    mutations.append(("category \(json)", setting(original, ["customer", "category"], to: bad), ""))
                }
            }
            for (i, protection) in (customer["protections"] as? [[String: Any]] ?? []).enumerated() {
                guard let kind = protection["kind"] as? String else { continue }
                for bad in Self.corruptions(of: kind) {
                    mutations.append(("protection \(bad)", setting(original, ["customer", "protections", i, "kind"], to: bad), "customer.protections[\(i)].kind"))
                }
            }
            for grade in ["一级", "1级", "first", "特级 ", "二级"] {
                mutations.append(("grade \(grade)", setting(original, ["customer", "important_grade"], to: grade), ""))
            }
            for (i, bill) in (original["bills"] as? [[String: Any]] ?? []).enumerated() where bill["disputed"] != nil {
                for bad: Any in ["true", "yes", 1, ["true"]] {
                    mutations.append(("disputed \(bad)", setting(original, ["bills", i, "disputed"], to: bad), "bills[\(i)].disputed"))
                }
            }
            for mutation in mutations {
                let mutated = try outcome(processor, mutation.snapshot)
                checked += 1
                XCTAssertFalse(mutated.cut && !base.cut, "\(original["account_id"] ?? "?"): \(mutation.what) made the account cut")
                if !mutation.path.isEmpty && !mutated.refused {
                    XCTAssert(mutated.warnings.contains { $0.hasPrefix("vocabulary.") && $0.hasSuffix(mutation.path) },
                              "\(original["account_id"] ?? "?"): \(mutation.what) gave no warning: \(mutated.warnings)")
                }
                if base.cut && !mutation.path.isEmpty && !mutated.refused {
                    XCTAssertFalse(mutated.cut, "\(original["account_id"] ?? "?"): \(mutation.what) still cut")
                }
            }
        }
        XCTAssertGreaterThan(cutsOriginally, 0, "the examples must include accounts that are cut")
        XCTAssertGreaterThan(checked, 200)
    }

    /// An alias is read as the value it stands for: `water` is a water supplier, an
    /// important customer, with no warning.
    func testAnAliasIsTheValueItStandsFor() throws {
        let processor = LineProcessor(selector: ShippedFiles.policies(), asOfOverride: nil, defaultAsOf: try Timestamp(seconds: 0))
        let lines = try ShippedFiles.lines("examples/snapshots.ndjson")
        guard let ready = try JSONSerialization.jsonObject(with: Data(lines[9])) as? [String: Any] else { return XCTFail("line 10") }
        let bytes = Array(try JSONSerialization.data(withJSONObject: setting(ready, ["customer", "category"], to: "water")))
        guard case .decided(let d) = bytes.withUnsafeBytes({ processor.outcome($0, line: 10) }) else { return XCTFail("refused") }
        XCTAssertEqual(d.decision.tier, "important")
        XCTAssertEqual(d.decision.warnings.map(\.code), [])
        XCTAssertEqual(d.decision.blocked.map(\.by), ["important"])
    }
}
