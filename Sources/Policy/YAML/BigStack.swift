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
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = work()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        guard let value = box.value else { preconditionFailure("BigStack: the worker thread produced no result") }
        return value
    }
}

/// Carries a result from the worker thread; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
