import VigilAnalysis
import VigilGit
import VigilModel
import VigilRules

/// Builds `vigil blame`: libgit2's blame of one file, each origin commit classified as a scan
/// classifies it (mailmap, notes, the same rules), and each line matched with what a git-ai note
/// on its origin commit claims about it, at the line's number in that commit.
public enum BlameReader {
    /// A file that cannot be blamed as text: not in the revision, or binary.
    public struct InputError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func blame(repositoryPath: String?, path: String, revision: String, rules: RuleSet) throws -> LineBlame {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let tip = try repository.resolveCommit(revision)
        guard let content = try repository.fileContent(path: path, at: tip) else {
            throw InputError(description: "\(path): no such file in \(revision) (give a path from the top of the repository or one on disk)")
        }
        if content.prefix(8000).contains(0) { throw InputError(description: "\(path): a binary file in \(revision); blame reads text") }
        let hunks = try repository.blame(path: path, at: tip)

        let mailmap = try? Mailmap(repository: repository)
        let decoder = CommitDecoder(mailmap: mailmap)
        let classifier = ProvenanceClassifier(catalog: rules.agents)
        let notesRefs = rules.agents.notesRefs.filter { repository.hasReference($0) }
        let gitAIRefs = Set(rules.agents.signatures.flatMap { $0.notes.filter { $0.format == .gitAI }.map(\.ref) }).intersection(notesRefs)

        var origins: [LineBlame.Origin] = []
        var notesByCommit: [ObjectID: [(ref: String, note: GitAINote)]] = [:]
        var problems: [String] = []
        var seen = Set<ObjectID>()
        for hunk in hunks where seen.insert(hunk.commit).inserted {
            let commit = decoder.decode(try repository.readCommit(hunk.commit))
            var notes: [String: String] = [:]
            for ref in notesRefs { if let text = repository.note(on: commit.id, ref: ref) { notes[ref] = text } }
            var commitProblems: [String] = []
            let provenance = classifier.classify(commit, notes: notes, resolveIdentity: { mailmap?.resolve($0) ?? $0 }, problems: &commitProblems)
            problems += commitProblems.map { "\(commit.id.abbreviated()): \($0)" }
            origins.append(LineBlame.Origin(commit: commit, provenance: provenance))
            for ref in gitAIRefs.sorted() {
                if let text = notes[ref], let note = try? GitAINote(parsing: text) { notesByCommit[commit.id, default: []].append((ref, note)) }
            }
        }
        origins.sort { ($0.commit.committer.time, $0.commit.id.hex) > ($1.commit.committer.time, $1.commit.id.hex) }

        let texts = Self.lines(content)
        var lines: [LineBlame.Line] = []
        lines.reserveCapacity(texts.count)
        for hunk in hunks {
            for offset in 0..<hunk.lineCount {
                let number = hunk.startLine + offset
                guard number >= 1, number <= texts.count else { continue }
                let originalLine = hunk.originalStartLine + offset
                let claim = notesByCommit[hunk.commit]?.lazy.compactMap { entry in
                    entry.note.attribution(path: hunk.originalPath, line: originalLine).map { Self.claim($0.key, $0.attribution, ref: entry.ref) }
                }.first
                lines.append(LineBlame.Line(number: number, text: texts[number - 1], commit: hunk.commit, originalPath: hunk.originalPath,
                                            originalLine: originalLine, isBoundary: hunk.isBoundary, claim: claim))
            }
        }
        lines.sort { $0.number < $1.number }
        return LineBlame(path: path, revision: tip, lines: lines, origins: origins, problems: problems)
    }

    static func claim(_ key: String, _ attribution: GitAINote.Attribution, ref: String) -> LineBlame.NoteClaim {
        switch attribution {
        case .ai(let agent): return LineBlame.NoteClaim(kind: .ai, key: key, tool: agent.tool, model: agent.model, ref: ref)
        case .human(let who): return LineBlame.NoteClaim(kind: .human, key: key, human: who, ref: ref)
        case .unknown: return LineBlame.NoteClaim(kind: .unknown, key: key, ref: ref)
        }
    }

    /// The file's lines as git counts them: split at LF, a final LF ends the last line.
    static func lines(_ content: [UInt8]) -> [String] {
        var parts = content.split(separator: 0x0A, omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }
}
