import Foundation
import Synchronization
import VigilModel
import VigilStore

/// The values the queue's filters offer (repositories, rules, agents, reviewers seen in the
/// index). Reading them scans every commit's stored report (a second on a 200,000-commit index),
/// so they are read again only when the index file has changed since.
final class FilterChoices: Sendable {
    struct Values: Sendable {
        var repositories: [IndexedRepository]
        var rules: [String]
        var agents: [String]
        var reviewers: [String]
    }

    private let db: IndexDatabase
    private let databasePath: String
    private let cached = Mutex<(stamp: [Double], values: Values)?>(nil)

    init(db: IndexDatabase, databasePath: String) {
        self.db = db
        self.databasePath = databasePath
    }

    /// What the filters offer now.
    func values() throws -> Values {
        let stamp = fileStamp()
        if let known = cached.withLock({ $0 }), known.stamp == stamp { return known.values }
        let values = Values(repositories: try db.repositories(), rules: try db.rulesSeen().sorted(),
                            agents: try db.agentsSeen().sorted(), reviewers: try db.reviewersSeen())
        cached.withLock { $0 = (stamp, values) }
        return values
    }

    /// The modification times and sizes of the database and its write-ahead log: any write to the
    /// index changes one of them.
    private func fileStamp() -> [Double] {
        [databasePath, databasePath + "-wal"].flatMap { path -> [Double] in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return [0, 0] }
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.doubleValue ?? 0
            return [time, size]
        }
    }
}
