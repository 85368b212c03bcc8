import Foundation
import VigilModel
import VigilRules

/// Reports the gate made before, kept in the git directory (`vigil/gate-cache/`), one file per
/// commit, so a commit judged when it reached a feature branch is not diffed again when it
/// reaches a protected one. A report is keyed by the commit, the rules that made it and the
/// pull-request merges that bring it in (they change its review). Only the server writes here;
/// a missing or unreadable entry is a miss, and a write that fails is skipped: the cache never
/// decides anything the gate could not decide again.
struct GateCache {
    let directory: URL?

    /// The digest of everything a cached report depends on besides the commit.
    static func digest(of rules: RuleSet) -> String {
        ContentDigest.of(["gate-cache 1", rules.classificationDigest] + rules.risk.rules.map(\.digest))
    }

    init(gitDirectory: String?, rules: RuleSet) {
        directory = gitDirectory.map {
            URL(fileURLWithPath: $0).appendingPathComponent("vigil/gate-cache/\(Self.digest(of: rules))")
        }
    }

    func key(_ commit: ObjectID, merges: [MergeApproval]) -> String {
        merges.isEmpty ? commit.hex : commit.hex + "-" + ContentDigest.of(merges.map { "\($0.merge.hex) \($0.merger) \($0.subject)" })
    }

    private func file(_ key: String) -> URL? {
        directory?.appendingPathComponent(String(key.prefix(2))).appendingPathComponent(String(key.dropFirst(2)) + ".json")
    }

    func load(_ key: String) -> CommitReport? {
        guard let file = file(key), let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try? CommitReport(jsonText: String(decoding: data, as: UTF8.self))
    }

    func store(_ report: CommitReport, key: String) {
        guard let file = file(key), !report.isDamaged else { return }
        let folder = file.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Written aside and renamed: a reader never sees half a report.
        let temporary = folder.appendingPathComponent(".\(key).\(ProcessInfo.processInfo.processIdentifier).tmp")
        guard (try? Data(report.json.serialized().utf8).write(to: temporary)) != nil else { return }
        if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }
}
