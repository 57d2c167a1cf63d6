import ArgumentParser
import Policy

/// `policyctl schema`: prints the JSON Schema of one of policyctl's file formats.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of a file format.",
        discussion: """
            The same schemas are in schemas/*.schema.json, where editors pick them up through \
            the `# yaml-language-server: $schema=…` first line of each policy (docs/schemas.md).

            Examples:
              policyctl schema policy > policy.schema.json
              policyctl schema decision
            """
    )

    @Argument(help: ArgumentHelp("The format whose schema to print.", discussion: SchemaName.valueList, valueName: "name"))
    var name: SchemaName

    func run() throws {
        try StandardStreams.write(name.schema.bytes)
    }
}

/// The formats that have a schema, by the name `policyctl schema` takes.
enum SchemaName: String, ExpressibleByArgument, CaseIterable {
    case policy
    case calendar
    case policyTest = "policy-test"
    case snapshot
    case decision

    /// The schema, whose text is `schemas/<name>.schema.json`.
    var schema: JSONSchema {
        switch self {
        case .policy: .policy
        case .calendar: .calendar
        case .policyTest: .policyTest
        case .snapshot: .snapshot
        case .decision: .decision
        }
    }

    /// One line per name with what its schema covers, for `--help`.
    static var valueList: String {
        allCases.map { "\($0.rawValue): \($0.covers)" }.joined(separator: "\n")
    }

    private var covers: String {
        switch self {
        case .policy: "policy files (policies/*.yaml, docs/language.md)"
        case .calendar: "calendar files (policies/calendars/*.yaml)"
        case .policyTest: "policy test files (*.test.yaml, docs/testing.md)"
        case .snapshot: "an account snapshot, the input of eval (contract §1)"
        case .decision: "one line of eval output: a decision or an error line (contract §2, §3)"
        }
    }
}
