import Synchronization

/// Builds a study's scene on first use and keeps it. The vessel trees are most of a study's cost,
/// and many uses (worklists, manifests, labels, reports) never render a pixel.
final class LazyScene: Sendable {
    private let build: @Sendable () -> Scene
    private let cache = Mutex<Scene?>(nil)

    init(_ build: @escaping @Sendable () -> Scene) {
        self.build = build
    }

    /// Concurrent first callers wait for one build; later callers get the cached scene at once.
    var scene: Scene {
        cache.withLock { cached in
            if let cached { return cached }
            let scene = build()
            cached = scene
            return scene
        }
    }
}
