import VigilGit
import VigilRules

/// Finds the pull-request merges among a range's commits and what each brought in: the commits
/// reachable from the merge's other parents and not from its first parent.
///
/// Only merges inside the scanned range are seen: scan up to the branch tip (the default) so the
/// merges that landed a commit are part of the walk.
public enum PullRequestMerges {
    /// For each commit brought in by a pull-request merge among `ids`, the merges that did.
    public static func find(in repository: Repository, among ids: [ObjectID], conventions: ReviewConventions,
                            mailmap: Mailmap?) throws -> [ObjectID: [MergeApproval]] {
        guard !conventions.pullRequestMerges.isEmpty else { return [:] }
        var result: [ObjectID: [MergeApproval]] = [:]
        for id in ids {
            // Most commits are not merges, and most merges not pull-request merges: decide on the
            // message alone before reading the whole commit.
            guard let message = try repository.mergeMessage(of: id),
                  conventions.pullRequestMerges.contains(where: { $0.matches(message) }) else { continue }
            let merge = try repository.commit(id, mailmap: mailmap)
            let approval = MergeApproval(merge: id, merger: merge.author, subject: merge.subject)
            // The branch's commits: reachable from the other parents, not from the first.
            var query = RevisionQuery()
            query.revisions = merge.parents.dropFirst().map(\.hex) + ["^" + merge.parents[0].hex]
            let walk = try RevisionWalk(repository: repository, query: query)
            while let brought = try walk.next() {
                result[brought, default: []].append(approval)
            }
        }
        return result
    }
}
