import CEL
import Policy

/// The observer of `explain`: evaluates the run's conditions with traced programs
/// (planned on demand, once per condition) and keeps every ``DecisionEvent`` in order.
///
/// Facts are evaluated untraced: `explain` shows their values, not their insides.
final class ExplainRecorder: DecisionObserver {
    static var isObserving: Bool { true }

    /// Everything the run reported, in order.
    private(set) var events: [DecisionEvent] = []
    /// Traced variants of the programs already met.
    private var traced: [ProgramSite: Program] = [:]

    func evaluate(_ program: Program, in activation: Activation, at site: ProgramSite) -> Value {
        if case .fact = site {
            let value = program.evaluate(activation)
            events.append(.evaluated(site, value, program: program, trace: []))
            return value
        }
        let tracedProgram = traced[site] ?? program.traced()
        traced[site] = tracedProgram
        let recorder = TraceRecorder()
        let saved = activation.tracer
        activation.tracer = recorder
        defer { activation.tracer = saved }
        let value = tracedProgram.evaluate(activation)
        events.append(.evaluated(site, value, program: tracedProgram, trace: recorder.events))
        return value
    }

    func observe(_ event: DecisionEvent) {
        events.append(event)
    }
}
