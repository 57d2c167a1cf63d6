import XCTest
@testable import Policy

/// The vocabularies' paths merge into one tree of fields, and known values are found by
/// their exact text whatever their length.
final class VocabularyTreeTests: XCTestCase {
    private func vocabulary(_ path: String, _ known: Set<String>? = nil) throws -> CompiledVocabulary {
        let parsed = try XCTUnwrap(VocabularyPath(path), path)
        return CompiledVocabulary(path: parsed, known: known, aliases: [:], type: known == nil ? .bool : .string, cite: nil)
    }

    private func outline(_ tree: VocabularyTree, _ nodes: Range<Int>) -> [String] {
        nodes.map { n in
            let node = tree.nodes[n]
            let name = tree.fields[n].name + (node.isList ? "[]" : "")
            let ending = node.vocabularies.map { "\(tree.vocabularies[$0].path)" }
            let inner = outline(tree, node.children)
            return name + (ending.isEmpty ? "" : " =" + ending.joined(separator: ",")) + (inner.isEmpty ? "" : " {" + inner.joined(separator: "; ") + "}")
        }
    }

    func testPathsThroughTheSameFieldShareItsNode() throws {
        let tree = VocabularyTree([
            try vocabulary("customer.category", ["household"]),
            try vocabulary("notices[].kind", ["second_notice"]),
            try vocabulary("customer.protections[].kind", ["medical_equipment"]),
            try vocabulary("notices[].channel", ["sms"]),
            try vocabulary("bills[].disputed"),
        ])
        XCTAssertEqual(outline(tree, tree.roots), [
            "customer {category =customer.category; protections[] {kind =customer.protections[].kind}}",
            "notices[] {kind =notices[].kind; channel =notices[].channel}",
            "bills[] {disputed =bills[].disputed}",
        ])
        XCTAssertFalse(tree.isEmpty)
        XCTAssertTrue(VocabularyTree([]).isEmpty)
    }

    func testKnownStringsMatchExactTextOfEveryLength() {
        let known = KnownStrings(["sms", "letter", "medical_equipment", "", "医疗"])
        for member in ["sms", "letter", "medical_equipment", "", "医疗"] { XCTAssertTrue(known.contains(member), member) }
        // A decomposed é is canonically equal to "café" but three bytes long: not known.
        XCTAssertFalse(KnownStrings(["café"]).contains("cafe\u{301}"))
        for other in ["SMS", "sm", "smss", "lettre", "medical_equipmen", "medical_equipment ", "医", "a much longer text than any known one"] {
            XCTAssertFalse(known.contains(other), other)
        }
    }
}
