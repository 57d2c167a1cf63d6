import Foundation

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

    /// The results of `works`, in their order, each run on a thread of its own with a stack
    /// of ``size``, all at once.
    public static func runAll<T: Sendable>(_ works: [@Sendable () -> T]) -> [T] {
        let boxes = works.map { _ in ResultBox<T>() }
        let done = DispatchGroup()
        for (work, box) in zip(works, boxes) {
            done.enter()
            let thread = Thread {
                box.value = work()
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

/// Carries a result from its worker thread; the dispatch group orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
