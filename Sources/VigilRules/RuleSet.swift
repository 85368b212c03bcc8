import VigilModel
import Foundation

/// Everything vigil reads from a rules directory.
public struct RuleSet: Sendable {
    /// Where the rules came from: a directory path, or `built-in`.
    public var source: String
    public var agents: AgentCatalog
    public var review: ReviewConventions
    public var risk: RiskRuleSet
    /// The push policy, when the rules directory has one.
    public var policy: PushPolicy?
    /// A digest of what decides provenance and review (the agent signatures and review
    /// conventions): stored results made under another digest are stale.
    public var classificationDigest: String
    /// A digest of every rule file's text: which rules a result was made under (`vigil version`).
    public var digest: String = ""

    public init(source: String, agents: AgentCatalog, review: ReviewConventions = ReviewConventions(),
                risk: RiskRuleSet = RiskRuleSet(rules: []), policy: PushPolicy? = nil, classificationDigest: String = "") {
        self.source = source
        self.classificationDigest = classificationDigest
        self.agents = agents
        self.review = review
        self.risk = risk
        self.policy = policy
    }

    /// The rule files vigil reads, relative to a rules directory.
    public static let agentsFile = "agents.yml"
    public static let reviewFile = "review.yml"
    public static let policyFile = "policy.yml"
    /// The path classes risk rules use (`tests`, `examples`, `docs`...); optional.
    public static let pathsFile = "paths.yml"
    /// Every `.yml` file under this directory holds risk rules.
    public static let riskDirectory = "risk"

    /// Loads the rules in `directory`. A missing or malformed file is an error naming it.
    public static func load(directory: String) throws -> RuleSet {
        let files = try RuleFiles.read(directory: directory)
        return try load(files: files, source: directory)
    }

    /// Loads the copy of `rules/` built into vigil.
    public static func builtIn() throws -> RuleSet {
        try load(files: RuleFiles(contents: EmbeddedRules.files, root: "built-in"), source: "built-in")
    }

    static func load(files: RuleFiles, source: String) throws -> RuleSet {
        let agentsText = try files.text(agentsFile)
        let agents = try AgentCatalog.load(yaml: agentsText, file: files.displayPath(agentsFile))
        let reviewText = try files.text(reviewFile)
        let review = try ReviewConventions.load(yaml: reviewText, file: files.displayPath(reviewFile))
        let riskFiles = try files.contents.keys.filter { $0.hasPrefix(riskDirectory + "/") }.sorted().map {
            (path: files.displayPath($0), text: try files.text($0))
        }
        let pathsText = files.contents[pathsFile]
        let pathClasses = try pathsText.map { try PathClasses.load(yaml: $0, file: files.displayPath(pathsFile)) } ?? PathClasses()
        var risk = try RiskRuleSet.load(files: riskFiles, pathClasses: pathClasses)
        risk.pathClassesDigest = ContentDigest.of([pathsText ?? ""])
        let policy = try files.contents[policyFile].map { try PushPolicy.load(yaml: $0, file: files.displayPath(policyFile)) }
        var set = RuleSet(source: source, agents: agents, review: review, risk: risk, policy: policy,
                          classificationDigest: ContentDigest.of([agentsText, reviewText]))
        set.digest = ContentDigest.of(files.contents.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] })
        return set
    }

    /// Finds the rules to use, in this order: `explicit` (`--rules DIR`), `$VIGIL_RULES`,
    /// `share/vigil/rules` beside the installed executable, the `rules/` of the source checkout
    /// the executable was built in, and last the copy built into vigil.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String? = CommandLine.arguments.first) throws -> RuleSet {
        if let explicit { return try load(directory: explicit) }
        if let fromEnv = environment["VIGIL_RULES"], !fromEnv.isEmpty { return try load(directory: fromEnv) }
        if let executablePath {
            let exe = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            let installed = exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/vigil/rules")
            if FileManager.default.fileExists(atPath: installed.appendingPathComponent(agentsFile).path) {
                return try load(directory: installed.path)
            }
            // .../checkout/.build/<triple>/<config>/vigil: use the checkout's rules, so edits apply without rebuilding.
            var dir = exe.deletingLastPathComponent()
            for _ in 0..<4 {
                if dir.lastPathComponent.hasPrefix(".build") {
                    let rules = dir.deletingLastPathComponent().appendingPathComponent("rules")
                    if FileManager.default.fileExists(atPath: rules.appendingPathComponent(agentsFile).path) {
                        return try load(directory: rules.path)
                    }
                    break
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        return try builtIn()
    }
}

/// The text of rule files, from a directory or from the copy built into vigil.
struct RuleFiles {
    let contents: [String: String]
    let root: String

    init(contents: [String: String], root: String) {
        self.contents = contents
        self.root = root
    }

    static func read(directory: String) throws -> RuleFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuleFileError(file: directory, line: 0, message: "rules directory not found")
        }
        var contents: [String: String] = [:]
        let base = URL(fileURLWithPath: directory)
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") else { continue }
            let url = base.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw RuleFileError(file: url.path, line: 0, message: "cannot read file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleFileError(file: url.path, line: 0, message: "not valid UTF-8")
            }
            contents[relative] = text
        }
        return RuleFiles(contents: contents, root: directory)
    }

    func text(_ relative: String) throws -> String {
        guard let text = contents[relative] else {
            throw RuleFileError(file: displayPath(relative), line: 0, message: "missing rule file")
        }
        return text
    }

    func displayPath(_ relative: String) -> String {
        root == "built-in" ? "built-in:rules/\(relative)" : URL(fileURLWithPath: root).appendingPathComponent(relative).path
    }
}
