import Foundation
import Synchronization

/// Runs work on a thread with a large stack and waits for it.
///
/// libyaml's composer in Yams and our recursive-descent readers recurse once per nesting
/// level; a hostile file nested 10,000 deep must give an error, not overflow the 8 MiB
/// main-thread (or 512 KiB worker) stack. Pages of the reserved stack that are never
/// touched cost no memory.
public enum BigStack {
    /// The stack's size, reserved (not committed).
    public static let size = 512 << 20

    /// The result of `work`, run on a thread with a stack of ``size``.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T {
        runAll([work])[0]
    }

    /// The results of `works`, in their order, each run on a thread with a stack of
    /// ``size``: as many threads at once as the machine has cores (no more, so that a
    /// directory of a hundred policies neither reserves a hundred stacks nor oversubscribes
    /// the cores), each taking the next work until none is left.
    public static func runAll<T: Sendable>(_ works: [@Sendable () -> T]) -> [T] {
        let boxes = works.map { _ in ResultBox<T>() }
        let next = Mutex(0)
        let done = DispatchGroup()
        for _ in 0..<min(works.count, max(1, ProcessInfo.processInfo.activeProcessorCount)) {
            done.enter()
            let thread = Thread {
                while true {
                    let i = next.withLock { i in
                        defer { i += 1 }
                        return i
                    }
                    guard i < works.count else { break }
                    boxes[i].value = works[i]()
                }
                done.leave()
            }
            thread.stackSize = size
            thread.start()
        }
        done.wait()
        return boxes.map { box in
            guard let value = box.value else { preconditionFailure("BigStack: a worker thread produced no result") }
            return value
        }
    }
}

/// Carries a result from the worker thread that made it; the dispatch group orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
