// swift-tools-version:6.0
import PackageDescription

// The module graph reads as the pipeline: git objects in, analysis, a walk with workers, then
// storage, the push gate and rendering, each depending only on what it needs. No renderer knows
// where data comes from; the commands (`vigil`) decide.
let package = Package(
    name: "vigil",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vigil", targets: ["vigil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SSH signatures (SSHSIG) verified in process: Ed25519, ECDSA P-256/384/521 and RSA.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // `vigil serve` only (the VigilServe module): HTTP/1.1 on SwiftNIO.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own dependencies, named because VigilServe uses their types directly.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CLibgit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // One C call Swift cannot make (sqlite3_config is variadic): `file:` URIs for read-only indexes.
        .target(name: "CSQLiteOptions", linkerSettings: [.linkedLibrary("sqlite3")]),

        // The vocabulary every module shares: ids, commits, classes, severities, review states,
        // findings, commit reports, summaries, and their one JSON serialisation. No C, no YAML.
        .target(name: "VigilModel"),
        // The only module that touches libgit2: objects read and parsed once, walks, tree diffs.
        .target(name: "VigilGit", dependencies: ["CLibgit2", "CZlib", "VigilModel", .product(name: "Crypto", package: "swift-crypto")]),
        // The only module that touches PCRE2: bounded, JIT-compiled regular expressions.
        .target(name: "VigilPatterns", dependencies: ["CPCRE2"]),
        // Rule files (YAML with line numbers) into typed rule sets; the built-in copy is generated.
        .target(name: "VigilRules", dependencies: ["VigilModel", "VigilPatterns", .product(name: "Yams", package: "Yams")],
                plugins: ["EmbedRules"]),
        // Who made a commit, who reviewed it, what risky changes it holds: pure functions of the
        // commit and its diff, and the runners of the rule files' own examples.
        .target(name: "VigilAnalysis", dependencies: ["VigilModel", "VigilRules", "VigilPatterns"]),
        // The walk and the workers: each commit read once, contiguous chunks per worker,
        // suppression inside the workers, one summary.
        .target(name: "VigilPipeline", dependencies: ["VigilModel", "VigilGit", "VigilRules", "VigilAnalysis", "VigilSignatures"]),
        // SSH signatures verified in process (SSHSIG, allowed-signers files): approvals and commit signatures.
        .target(name: "VigilSignatures", dependencies: ["VigilModel", .product(name: "Crypto", package: "swift-crypto"),
                                                        .product(name: "_CryptoExtras", package: "swift-crypto")]),
        // The SQLite index: schema, incremental indexer, queries, triage. No rendering.
        .target(name: "VigilStore", dependencies: ["VigilModel", "VigilGit", "VigilRules", "VigilPipeline", "CSQLiteOptions",
                                                   .product(name: "GRDB", package: "GRDB.swift")]),
        // One TCP connection, plain (loopback only) or TLS through the system's OpenSSL: the forge client's only C.
        .target(name: "CForgeTransport", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        // The forge client: GitHub, GitLab and Gitea review APIs over HTTP/1.1 (paging, ETags, rate
        // limits, retries). Talks to forges; stores nothing. Only `vigil review sync` uses it.
        .target(name: "VigilForge", dependencies: ["VigilModel", "CForgeTransport"]),
        // The push gate: policy evaluation, approvals, the pusher's messages, the audit log.
        .target(name: "VigilGate", dependencies: ["VigilModel", "VigilGit", "VigilRules", "VigilAnalysis", "VigilPipeline", "VigilSignatures"]),
        // Every output format (table, JSON/NDJSON, CSV, SARIF, Markdown, HTML), from the model only.
        .target(name: "VigilRender", dependencies: ["VigilModel"]),
        // `vigil serve`: the reviewers' web workspace over the index (queue, commit pages, triage,
        // JSON API). The only module that needs Hummingbird, so nothing else waits for its build.
        .target(name: "VigilServe", dependencies: ["VigilModel", "VigilGit", "VigilRules", "VigilStore", "VigilRender",
                                                   .product(name: "Hummingbird", package: "hummingbird"),
                                                   .product(name: "HTTPTypes", package: "swift-http-types"),
                                                   .product(name: "NIOCore", package: "swift-nio"),
                                                   .product(name: "Crypto", package: "swift-crypto")]),
        // The command-line front end: commands, options, terminal, one error-to-exit-code mapping.
        .executableTarget(name: "vigil", dependencies: [
            "VigilModel", "VigilGit", "VigilRules", "VigilAnalysis", "VigilPipeline", "VigilStore", "VigilGate", "VigilRender",
            "VigilSignatures", "VigilForge", "VigilServe",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Writes the built-in copy of rules/ (`EmbeddedRules+Generated.swift`) at build time.
        .executableTarget(name: "EmbedRulesTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["EmbedRulesTool"]),

        // Benchmarks that compare implementation choices (`swift run -c release vigil-bench`).
        .executableTarget(name: "vigil-bench", dependencies: ["VigilModel", "VigilGit", "VigilRules", "VigilPatterns", "VigilPipeline", "VigilAnalysis"]),

        .target(name: "VigilTestSupport", dependencies: ["VigilModel", "VigilGit", .product(name: "Yams", package: "Yams")],
                path: "Tests/VigilTestSupport"),
        .testTarget(name: "VigilModelTests", dependencies: ["VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilGitTests", dependencies: ["VigilGit", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilPatternsTests", dependencies: ["VigilPatterns"]),
        .testTarget(name: "VigilRulesTests", dependencies: ["VigilRules", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilAnalysisTests", dependencies: ["VigilAnalysis", "VigilRules", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilPipelineTests", dependencies: ["VigilPipeline", "VigilRules", "VigilGit", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilStoreTests", dependencies: ["VigilStore", "VigilPipeline", "VigilRules", "VigilGit", "VigilModel",
                                                            "VigilTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VigilGateTests", dependencies: ["VigilGate", "VigilRules", "VigilGit", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilSignaturesTests", dependencies: ["VigilSignatures", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilRenderTests", dependencies: ["VigilRender", "VigilModel", "VigilPipeline", "VigilStore", "VigilRules",
                                                             "VigilGit", "VigilTestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "VigilForgeTests", dependencies: ["VigilForge", "VigilModel", "VigilTestSupport"]),
        .testTarget(name: "VigilServeTests", dependencies: ["VigilServe", "VigilStore", "VigilModel", "VigilGit", "VigilRules",
                                                            "VigilTestSupport"]),
        .testTarget(name: "VigilCLITests", dependencies: ["VigilModel", "VigilTestSupport", .product(name: "Yams", package: "Yams")],
                    exclude: ["Schemas"]),
    ],
    swiftLanguageModes: [.v6]
)
