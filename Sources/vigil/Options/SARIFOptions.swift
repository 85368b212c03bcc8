import ArgumentParser
import Foundation
import VigilGate
import VigilGit
import VigilModel
import VigilPipeline
import VigilRender
import VigilRules

/// How SARIF is written for code scanning (scan and query): which tree results are placed on,
/// the run's category, the cap, where rule help lives, and the policy that decides `error`.
struct SARIFOptions: ParsableArguments {
    @Option(name: .customLong("sarif-category"), help: ArgumentHelp(
        "Code-scanning category (automationDetails.id is CATEGORY/COMMIT; default vigil).", valueName: "name"))
    var category = "vigil"

    @Option(name: .customLong("sarif-max-results"), help: ArgumentHelp(
        "At most this many results, the most severe (default 5000, at most 25000).", valueName: "n"))
    var maxResults = SARIFSettings.defaultMaxResults

    @Option(name: .customLong("sarif-help-uri"), help: ArgumentHelp(
        "Each rule's helpUri: {rule} and {category} are replaced.", valueName: "template"))
    var helpURI: String?

    @Option(name: .customLong("sarif-tree"), help: ArgumentHelp(
        "Place results on this commit's tree (default: the range's tip, else HEAD).", valueName: "rev"))
    var tree: String?

    @OptionGroup var policyOptions: PolicyOptions

    func validate() throws {
        guard (1...25_000).contains(maxResults) else { throw ValidationError("--sarif-max-results must be 1 to 25000") }
        guard !category.isEmpty, !category.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw ValidationError("--sarif-category must be one word without spaces")
        }
    }

    /// The settings for a log of findings from `repositoryPath`; with `place`, results are put on
    /// the tip's tree (the commit a code-scanning upload is tied to), and the run names that
    /// commit (automationDetails, versionControlProvenance).
    func settings(rules: RuleSet, repositoryPath: String?, revisions: [String], place: Bool,
                  triage: [String: TriageVerdict]) throws -> SARIFSettings {
        let policy = try policyOptions.load(rules: rules)
        let gate = PushGate(policy: policy, rules: rules, pusher: Pusher.fromEnvironment(ProcessInfo.processInfo.environment),
                            repositoryPath: repositoryPath)
        var rejected: [ObjectID: Set<String>] = [:]
        var settings = SARIFSettings(rules: rules.risk.rules.map(\.ruleDescription), triage: triage, helpURI: helpURI, maxResults: maxResults)
        settings.rejects = { flag, report in
            if let known = rejected[report.commit.id] { return known.contains(flag.fingerprint) }
            let fingerprints = gate.rejectingFingerprints(report)
            rejected[report.commit.id] = fingerprints
            return fingerprints.contains(flag.fingerprint)
        }
        settings.warn = { Diagnostics.warn($0) }
        guard place else { return settings }
        let repository = try Repository(discoveringFrom: repositoryPath)
        guard let tip = try tipCommit(repository, revisions: revisions) else { return settings }
        settings.automationID = "\(category)/\(tip.hex)"
        settings.versionControl = SARIFVersionControl(repositoryURI: Self.repositoryURI(repository), revisionID: tip.hex,
                                                      branch: tree == nil ? repository.headBranch() : nil)
        let locator = try HeadLocator(repositoryPath: repositoryPath, head: tip)
        settings.locate = { flag, commit in locator.locate(flag, in: commit) }
        return settings
    }

    /// `--sarif-tree`, else the one positive revision of the range (`B` of `A..B`), else HEAD.
    func tipCommit(_ repository: Repository, revisions: [String]) throws -> ObjectID? {
        if let tree { return try repository.resolveCommit(tree) }
        var positives: [String] = []
        for revision in revisions where !revision.hasPrefix("^") {
            if revision.contains("...") { return try repository.headCommit() }
            if let range = revision.range(of: "..") {
                let tip = String(revision[range.upperBound...])
                positives.append(tip.isEmpty ? "HEAD" : tip)
            } else {
                positives.append(revision)
            }
        }
        if positives.count == 1, let only = positives.first { return try repository.resolveCommit(only) }
        return try repository.headCommit()
    }

    /// `remote.origin.url` without any user name or password in it, else the repository's path
    /// as a `file:` URI.
    static func repositoryURI(_ repository: Repository) -> String {
        guard let url = repository.configValue("remote.origin.url"), !url.isEmpty else {
            return URL(fileURLWithPath: repository.workingDirectory ?? repository.gitDirectory).absoluteString
        }
        if let scheme = url.range(of: "://") {
            var rest = url[scheme.upperBound...]
            if let slash = rest.firstIndex(of: "/"), let at = rest[..<slash].lastIndex(of: "@") {
                rest = rest[rest.index(after: at)...]
            }
            return String(url[..<scheme.upperBound]) + rest
        }
        // scp-like `git@host:owner/repo.git`.
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") {
            let host = url[..<colon].split(separator: "@").last.map(String.init) ?? ""
            return "ssh://\(host)/\(url[url.index(after: colon)...])"
        }
        return URL(fileURLWithPath: url).absoluteString
    }
}
