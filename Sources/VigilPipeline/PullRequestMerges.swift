import VigilGit
import VigilModel
import VigilRules

/// Finds the pull-request merges among a range's commits and what each brought in: the commits
/// reachable from the merge's other parents and not from its first parent.
///
/// Only merges inside the scanned range are seen: scan up to the branch tip (the default) so the
/// merges that landed a commit are part of the walk. The branches are walked over the scan's own
/// commit graph, so no commit is read again.
public enum PullRequestMerges {
    /// For each commit brought in by a pull-request merge among `commits`, the merges that did.
    public static func find(among commits: [RawCommit], graph: CommitGraph, conventions: ReviewConventions,
                            mailmap: Mailmap?) throws -> [ObjectID: [MergeApproval]] {
        guard !conventions.pullRequestMerges.isEmpty else { return [:] }
        let decoder = CommitDecoder(mailmap: mailmap)
        var result: [ObjectID: [MergeApproval]] = [:]
        for raw in commits where raw.parents.count > 1 {
            // Most commits are not merges, and most merges not pull-request merges: decide on the
            // message alone before decoding the rest.
            let message = raw.message.withUnsafeBufferPointer { TextDecoding.decode($0, declaredEncoding: raw.encoding).text }
            guard conventions.pullRequestMerges.contains(where: { $0.matches(message) }) else { continue }
            let merge = decoder.decode(raw)
            let approval = MergeApproval(merge: raw.id, merger: merge.author, subject: merge.subject)
            var query = RevisionQuery()
            query.tips = Array(raw.parents.dropFirst())
            query.hidden = [raw.parents[0]]
            let walk = try RevisionWalk(repository: graph.repository, query: query, graph: graph, retainCommits: false)
            while let brought = try walk.nextID() {
                result[brought, default: []].append(approval)
            }
        }
        return result
    }

    /// The same, for merges given by id (the index finds merges among commits it stored earlier).
    public static func find(merges ids: [ObjectID], graph: CommitGraph, conventions: ReviewConventions,
                            mailmap: Mailmap?) throws -> [ObjectID: [MergeApproval]] {
        let raws = ids.compactMap { try? graph.repository.readCommit($0) }
        return try find(among: raws, graph: graph, conventions: conventions, mailmap: mailmap)
    }
}
