import VigilGit
import VigilModel

extension PushGate {
    /// A client's pre-push hook: each ref git is about to send is judged as the server would
    /// judge it. What the remote has is known from its remote-tracking refs
    /// (`refs/remotes/<remote>/X` for its `refs/heads/X`; every remote's when git pushes to a URL)
    /// and the remote ref's current value when it is here. As on the server, a protected ref is
    /// judged by every commit its protected branches do not hold yet, wherever else it already is.
    public func check(prePush updates: [PrePushUpdate], remote: String) throws -> GateVerdict {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let references = try repository.references()
        let tracking = references.filter { $0.name.hasPrefix("refs/remotes/\(remote)/") }
        let remoteRefs = tracking.isEmpty ? references.filter { $0.name.hasPrefix("refs/remotes/") } : tracking
        let known = Set(remoteRefs.compactMap(\.target))
        let protectedKnown = Set(remoteRefs.filter { reference in
            let parts = reference.name.split(separator: "/", maxSplits: 3)
            return parts.count == 4 && policy.isProtected("refs/heads/" + parts[3])
        }.compactMap(\.target))
        let notes = NotesSource(repository: repository, commit: repository.referenceID(ApprovalNote.ref))
        var verdict = GateVerdict()
        for update in updates where !update.isDeletion && !update.remoteRef.hasPrefix("refs/notes/") {
            let isProtected = policy.isProtected(update.remoteRef)
            guard let localID = ObjectID(hex: update.local), let tip = try repository.peelToCommit(localID) else { continue }
            var query = RevisionQuery()
            query.tips = [tip]
            var hidden = isProtected ? protectedKnown : known
            if let remoteID = ObjectID(hex: update.remote), !RefUpdate.isZero(update.remote), repository.contains(remoteID) {
                hidden.insert(remoteID)
            }
            query.hidden = hidden.sorted()
            try judge(query: query, ref: update.remoteRef, isProtected: isProtected, repository: repository, notes: notes, into: &verdict)
        }
        return verdict
    }
}
