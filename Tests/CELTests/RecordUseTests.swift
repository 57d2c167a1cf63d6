import XCTest
@testable import CEL

/// What an expression reads of records, by the checked types of its nodes.
final class RecordUseTests: XCTestCase {
    static func environment() -> Environment {
        var env = Environment()
        env.declare(object: ObjectType(name: "Customer", fields: ["name": .string, "contacts": .dyn, "protections": .list(.object("Protection"))]))
        env.declare(object: ObjectType(name: "Protection", fields: ["kind": .string]))
        env.declare("customer", .object("Customer"))
        env.declare("customers", .list(.object("Customer")))
        env.declare("b", .bool)
        return env
    }

    func use(_ text: String) throws -> RecordUse {
        let checked = try Checker(environment: Self.environment()).check(try Parser().parse(Source(text, name: "t")))
        return checked.recordUse
    }

    func testSelectionsAreTheFieldsRead() throws {
        let use = try use("customer != null && customer.name == 'x' && customer.protections.exists(p, p.kind == 'a')")
        XCTAssertEqual(use.selected, ["Customer": ["name", "protections"], "Protection": ["kind"]])
        XCTAssertEqual(use.whole, [])
        XCTAssertFalse(use.mayRead("contacts", of: "Customer"))
        XCTAssertTrue(use.mayRead("name", of: "Customer"))
        XCTAssertTrue(try self.use("customers.map(c, c.contacts)").mayRead("contacts", of: "Customer"))
    }

    func testRecordsThatLeaveTheExpressionAreUsedWhole() throws {
        // As the result, compared, put in a list, passed to a function, or a `dyn` branch.
        for text in ["customer", "customer == customer", "[customer][0].name == 'a'", "dyn(customer) != null",
                     "customers.filter(c, c.name == 'a')", "b ? customer : 1", "customers + customers"] {
            XCTAssertTrue(try use(text).mayRead("contacts", of: "Customer"), text)
        }
    }

    func testRecordsUsedOnlyThroughTheirFieldsAreNot() throws {
        for text in ["size(customers.filter(c, c.name == 'a')) > 0", "(b ? customer : customer).name", "customers[0].name",
                     "customers.max_by(c, c.name).name", "has(customer.name)", "null == customer"] {
            let use = try use(text)
            XCTAssertFalse(use.mayRead("contacts", of: "Customer"), text)
            XCTAssertEqual(use.whole, [], text)
        }
    }

    func testALenientCheckMayReadAnything() throws {
        let checked = try Checker(environment: Self.environment(), lenient: true).check(try Parser().parse(Source("customer.name", name: "t")))
        XCTAssertTrue(checked.recordUse.mayRead("contacts", of: "Customer"))
    }
}
