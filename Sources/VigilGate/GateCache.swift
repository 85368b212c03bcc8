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

    private func file(_ key: String) -> URL? { directory?.appendingPathComponent(key + ".json") }

    func load(_ key: String) -> CommitReport? {
        guard let file = file(key), let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try? CommitReport(jsonText: String(decoding: data, as: UTF8.self))
    }

    func store(_ report: CommitReport, key: String) {
        guard let directory, let file = file(key), !report.isDamaged else { return }
        if !FileManager.default.fileExists(atPath: directory.path) {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        // One file a commit in one directory, created exclusively and written at once: a
        // concurrent writer of the same entry loses the race and skips; a torn write is not
        // valid JSON, so it reads as a miss. No fsync: a lost entry is only a miss.
        let bytes = Array(report.json.serialized().utf8)
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        if written != bytes.count { unlink(file.path) }
    }
}
