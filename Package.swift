// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Lightbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lightbox", targets: ["lightbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // Thin edges: the C libraries, each reached through one module map.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
        // DCMTK is C++: a small C++ target hides it behind a plain C API so that
        // no Swift target needs C++ interoperability mode.
        .target(
            name: "CDCMTKShim",
            path: "Sources/CDCMTKShim",
            cxxSettings: [.unsafeFlags(["-std=c++17"])],
            linkerSettings: [
                .linkedLibrary("dcmimage"), .linkedLibrary("dcmimgle"), .linkedLibrary("dcmjpeg"),
                .linkedLibrary("dcmjpls"), .linkedLibrary("dcmdata"), .linkedLibrary("oflog"),
                .linkedLibrary("ofstd"), .linkedLibrary("stdc++"),
            ]
        ),

        // Pure cores and the modules built on them.
        .target(name: "Imaging", dependencies: ["CDCMTKShim", "CPNG"]),
        .target(name: "TerminalGraphics"),
        .target(name: "Phantom"),
        .target(name: "PhantomDICOM", dependencies: ["Phantom", "Imaging"]),
        .target(name: "Viewing", dependencies: ["Imaging", "TerminalGraphics"]),
        .target(name: "CaseStore", dependencies: ["Imaging", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "TerminalScreen", dependencies: ["CNcursesw", "TerminalGraphics"]),
        .target(name: "Configuration", dependencies: ["TerminalGraphics"]),
        .target(name: "Evaluation"),
        .target(name: "Tokenizer"),
        .target(name: "Model", dependencies: ["COpenBLAS", "Tokenizer"]),
        .target(name: "ModelData", dependencies: ["Imaging", "Phantom"]),
        .target(name: "Training", dependencies: ["Model", "ModelData", "Evaluation", "Tokenizer", "Phantom", "Imaging"]),
        .target(name: "ReviewUI",
                dependencies: ["TerminalScreen", "Viewing", "Imaging", "TerminalGraphics", "CaseStore", "Configuration"]),
        .executableTarget(
            name: "lightbox",
            dependencies: [
                "Imaging", "TerminalGraphics", "Viewing", "Phantom", "PhantomDICOM", "CaseStore", "TerminalScreen", "ReviewUI",
                "Configuration", "Training", "Model", "ModelData", "Tokenizer", "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "lightbox-bench",
            dependencies: ["Imaging", "TerminalGraphics", "Viewing", "Phantom", "PhantomDICOM", "CaseStore", "TerminalScreen",
                           "ReviewUI", "Model", "Training", "COpenBLAS", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/lightbox-bench"
        ),

        // Shared by the test targets: temp folders, running binaries, decoding ANSI.
        .target(name: "LightboxTestSupport", dependencies: ["TerminalGraphics"]),
        .testTarget(name: "LightboxTestSupportTests", dependencies: ["LightboxTestSupport"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "LightboxTestSupport"]),
        .testTarget(name: "PhantomDICOMTests", dependencies: ["PhantomDICOM", "Phantom", "Imaging", "LightboxTestSupport"]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "LightboxTestSupport"]),
        .testTarget(name: "PhantomTests", dependencies: ["Phantom"]),
        .testTarget(name: "CaseStoreTests", dependencies: ["CaseStore", "Imaging", "PhantomDICOM", "Phantom", "LightboxTestSupport"]),
        .testTarget(name: "TerminalScreenTests",
                    dependencies: ["TerminalScreen", "TerminalGraphics", "Viewing", "Imaging", "Phantom", "LightboxTestSupport"]),
        .testTarget(name: "ReviewUITests",
                    dependencies: ["ReviewUI", "TerminalScreen", "Imaging", "CaseStore", "Configuration", "LightboxTestSupport"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "TerminalScreen", "TerminalGraphics", "LightboxTestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer"]),
        .testTarget(name: "TrainingTests",
                    dependencies: ["Training", "Model", "ModelData", "Evaluation", "Tokenizer", "Imaging", "Phantom", "PhantomDICOM",
                                  "LightboxTestSupport"]),
        .testTarget(name: "ModelDataTests", dependencies: ["ModelData", "Imaging", "Phantom", "PhantomDICOM", "LightboxTestSupport"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Tokenizer", "LightboxTestSupport"]),
        .testTarget(name: "ViewingTests", dependencies: ["Viewing", "Imaging", "TerminalGraphics"]),
        .testTarget(name: "LightboxCLITests",
                    dependencies: ["Imaging", "TerminalGraphics", "Viewing", "Phantom", "PhantomDICOM", "CaseStore", "LightboxTestSupport",
                                   .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    cxxLanguageStandard: .cxx17
)
