import Dispatch
import Foundation
import VigilGit
import VigilModel
import VigilPipeline

/// `vigil-bench forge-landings REPO`: the forge mapping checked offline on a GitHub mirror that
/// fetched `refs/pull/*/head`. For each first-parent commit of HEAD whose subject ends `(#N)` (a
/// squash merge) or that is a `Merge pull request #N` merge, it makes the request GitHub's API
/// would describe (`merge_commit_sha` = that commit, `head.sha` = `refs/pull/N/head`), maps all of
/// them as `vigil review sync` does, and says how each joined, how long mapping took, and whether
/// each squash commit's files are the approved head's (what the forge's word links).
func forgeLandingsBenchmark(repository path: String) throws {
    let repository = try Repository(discoveringFrom: path)
    guard let tip = try repository.headCommit() else { print("empty repository"); return }
    var pullHeads: [Int: ObjectID] = [:]
    for ref in try repository.references() where ref.name.hasPrefix("refs/pull/") && ref.name.hasSuffix("/head") {
        let number = ref.name.dropFirst("refs/pull/".count).dropLast("/head".count)
        if let n = Int(number), let target = ref.target { pullHeads[n] = target }
    }
    let decoder = CommitDecoder(mailmap: nil)
    var requests: [ForgeRequest] = []
    var squashes: [(number: Int, landed: ObjectID, head: ObjectID)] = []
    var subjectMarks = 0, merges = 0, noHead = 0, firstParents = 0
    var seenNumbers: [Int: Int] = [:]
    var cursor: ObjectID? = tip
    while let id = cursor {
        let raw = try repository.readCommit(id)
        firstParents += 1
        let commit = decoder.decode(raw)
        var number: Int?
        if raw.parents.count > 1, commit.subject.hasPrefix("Merge pull request #") {
            number = Int(commit.subject.dropFirst("Merge pull request #".count).prefix { $0.isNumber })
            merges += 1
        } else if let n = subjectNumber(commit.subject) {
            number = n
            subjectMarks += 1
        }
        if let number {
            seenNumbers[number, default: 0] += 1
            if let head = pullHeads[number] {
                requests.append(ForgeRequest(forge: .github, project: "mirror", number: number, author: ForgeUser(login: "author"),
                                             mergedAt: raw.time, head: head, mergeCommit: id, updatedAt: raw.time))
                if raw.parents.count == 1 { squashes.append((number, id, head)) }
            } else {
                noHead += 1
            }
        }
        cursor = raw.parents.first
    }
    let start = DispatchTime.now()
    let graph = CommitGraph(repository: repository)
    let map = ForgeLandingMap.build(requests: requests, graph: graph)
    let elapsed = seconds(start)
    var byKind: [String: Int] = [:]
    for landings in map.landed.values { for landing in landings { byKind[landing.kind.rawValue, default: 0] += 1 } }

    // Does each squash commit carry, for every file it changed, the approved head's content?
    let diffs = DiffReader(repository: repository)
    var same = 0, differs = 0, unreadable = 0
    var differing: [String] = []
    for squash in squashes {
        do {
            let landed = try repository.readCommit(squash.landed)
            let head = try repository.readCommit(squash.head)
            let parentTree = graph.node(landed.parents[0]).tree
            let changed = Set(try diffs.changes(tree: landed.tree, parentTree: parentTree).changes.map(\.path))
            let apart = Set(try diffs.changes(tree: head.tree, parentTree: landed.tree).changes.map(\.path))
            if changed.isDisjoint(with: apart) { same += 1 } else {
                differs += 1
                if differing.count < 10 { differing.append("#\(squash.number) \(squash.landed.abbreviated(10))") }
            }
        } catch {
            unreadable += 1
        }
    }
    let claimedTwice = seenNumbers.filter { $0.value > 1 }.count
    print("first-parent commits of HEAD: \(firstParents)")
    print("subjects ending (#N): \(subjectMarks); 'Merge pull request #N' merges: \(merges); of these without refs/pull/N/head: \(noHead)")
    print("requests mapped: \(requests.count) in \(String(format: "%.3f", elapsed)) s; commits landed: \(map.landed.count); not in the repository: \(map.unlanded)")
    print("landings by kind: " + byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    print("squash commits whose changed files equal the approved head's: \(same) of \(squashes.count) (differ: \(differs), unreadable: \(unreadable))")
    if !differing.isEmpty { print("  differing (first 10): " + differing.joined(separator: ", ")) }
    print("request numbers named by more than one first-parent commit (reverts, cherry-picks): \(claimedTwice)")
}

/// `(#N)` at the end of a subject.
private func subjectNumber(_ subject: String) -> Int? {
    let text = subject.trimmingCharacters(in: .whitespaces)
    guard text.hasSuffix(")"), let open = text.range(of: "(#", options: .backwards) else { return nil }
    return Int(text[open.upperBound..<text.index(before: text.endIndex)])
}
