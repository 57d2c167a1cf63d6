import Foundation

/// The Policy module's resources (`Resources/schemas`, declared in Package.swift), found at
/// run time without ever stopping the process.
///
/// How SwiftPM finds them. For a target with resources SwiftPM copies them into a bundle
/// folder `<package>_<target>.resources` (`.bundle` on macOS; here `policyctl_Policy`, from
/// the manifest's `name:`, also when another package such as `fuzz/` builds Policy) beside
/// the products it links, and generates `Bundle.module`
/// (`.build/<triple>/<config>/Policy.build/DerivedSources/resource_bundle_accessor.swift`).
/// On Linux with Swift 6.3 that accessor tries two places in turn: the bundle folder beside
/// the main bundle, then the same folder in the build directory, by an absolute path
/// compiled into the binary; when neither exists it stops the process with `fatalError`.
///
/// `Bundle.main.bundleURL` of a command-line tool is the folder of its executable (the path
/// the kernel reports, `/proc/self/exe`, so symbolic links to the binary are followed):
/// where the release tarball puts the bundle (`bin/policyctl_Policy.resources`,
/// scripts/package.sh). A binary that used the build-tree path would work on the machine
/// that built it and nowhere else, and the `fatalError` is a crash.
///
/// So ``bundle`` first checks the accessor's first candidate itself and uses
/// `Bundle.module` only when it exists (it then returns exactly that bundle): the build
/// path is never used and `fatalError` never reached; a missing bundle is a
/// ``PolicyResourceError`` that names the path it should be at. `swift run`, `swift test`
/// (the test runner sits in the same build folder) and the fuzzers all find the bundle
/// beside their executable.
enum PolicyResources {
    /// The bundle's folder name, as SwiftPM makes it for this package and target.
    #if os(macOS)
    static let bundleFileName = "policyctl_Policy.bundle"
    #else
    static let bundleFileName = "policyctl_Policy.resources"
    #endif

    /// The module's resource bundle, or why it is not there. Looked up once.
    static let bundle: Result<Bundle, PolicyResourceError> = {
        let beside = Bundle.main.bundleURL.appendingPathComponent(bundleFileName)
        if isDirectory(beside) { return .success(Bundle.module) }
        #if os(macOS)
        // Under `swift test` on macOS the main bundle is Xcode's `xctest` tool, not in the build
        // folder; the test bundle that loaded this code is, beside this bundle.
        let owner = Bundle(for: BundleToken.self).bundleURL.deletingLastPathComponent()
            .appendingPathComponent(bundleFileName)
        if isDirectory(owner), let found = Bundle(url: owner) { return .success(found) }
        #endif
        return .failure(.bundleMissing(expectedAt: beside.path))
    }()

    /// The bytes of the resource at `path` (relative to the bundle, such as
    /// `schemas/policy.schema.json`).
    static func bytes(of path: String) throws(PolicyResourceError) -> [UInt8] {
        let bundle = try bundle.get()
        let url = (bundle.resourceURL ?? bundle.bundleURL).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw .fileMissing(path: url.path) }
        return [UInt8](data)
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

#if os(macOS)
/// A class of this module, for `Bundle(for:)`.
private final class BundleToken {}
#endif
