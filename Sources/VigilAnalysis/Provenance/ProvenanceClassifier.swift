import VigilModel
import VigilPatterns
import VigilRules

/// Decides each commit's provenance from the agent signatures.
///
/// Signals: the author and committer identities (after `.mailmap`), each `Co-authored-by` trailer's
/// identity, the other trailers git parses from the message's last paragraph, marker lines of the
/// message, and git notes. Each signal implies a class; the strongest wins (`ai` > `assisted` > `bot`
/// > `human`). Identities are tried against signatures in file order and the first match wins, so a
/// catch-all bot entry placed last never hides a specific agent.
///
/// Keeps a cache of identities already matched: use one classifier per thread.
public final class ProvenanceClassifier {
    public let catalog: AgentCatalog
    private var identityCache: [IdentityKey: [(signature: Int, matcher: Int)]] = [:]
    private let trailerKeys: Set<String>
    private let markerSignatures: [Int]
    /// This classifier's own match scratch: one allocation, reused by every pattern it runs.
    let scratch = MatchScratch()

    private struct IdentityKey: Hashable { let name: String; let email: String }

    public init(catalog: AgentCatalog) {
        self.catalog = catalog
        self.trailerKeys = Set(catalog.signatures.flatMap { $0.trailers.map(\.key) })
        self.markerSignatures = catalog.signatures.indices.filter { !catalog.signatures[$0].markers.isEmpty }
    }

    /// The trailer key whose value is a co-author identity.
    static let coauthorKey = "co-authored-by"

    /// Classifies `commit`. `notes` maps a notes ref to the note's text on this commit;
    /// `resolveIdentity` applies `.mailmap` to co-author identities.
    public func classify(_ commit: Commit, notes: [String: String] = [:],
                         resolveIdentity: (Identity) -> Identity = { $0 }) -> Provenance {
        var ignored: [String] = []
        return classify(commit, notes: notes, resolveIdentity: resolveIdentity, problems: &ignored)
    }

    /// Classifies `commit`, adding to `problems` what could not be read (a note that does not parse).
    public func classify(_ commit: Commit, notes: [String: String] = [:],
                         resolveIdentity: (Identity) -> Identity = { $0 }, problems: inout [String]) -> Provenance {
        var evidence: [Evidence] = []
        let authored = commit.recordedAuthor.time

        func addIdentity(_ identity: Identity, role: AgentSignature.Role, signal: Evidence.Signal, text: String) {
            guard let (s, m, meaning) = firstMatch(identity, role: role, authoredAt: authored) else { return }
            let signature = catalog.signatures[s]
            let pattern = signature.identities[m].describedPattern
            switch meaning {
            case .implies(let implied):
                evidence.append(Evidence(signal: signal, text: text, agent: signature.id, implies: implied, pattern: pattern))
            case .toolCommitted:
                evidence.append(Evidence(signal: .toolCommitted, text: text, agent: signature.id, implies: .human, pattern: pattern))
            case .nothing:
                break
            }
        }

        addIdentity(commit.author, role: .author, signal: .author, text: commit.author.description)
        addIdentity(commit.committer, role: .committer, signal: .committer, text: commit.committer.description)

        for trailer in commit.trailers {
            let key = trailer.key.lowercased()
            if key == Self.coauthorKey, let identity = Identity(parsing: trailer.value) {
                addIdentity(resolveIdentity(identity), role: .coauthor, signal: .coauthor, text: trailer.description)
            }
            guard trailerKeys.contains(key) else { continue }
            // A disclosure trailer naming someone by address credits that identity, whatever the name says.
            var readAsIdentity = false
            for signature in catalog.signatures {
                for matcher in signature.trailers where matcher.key == key {
                    if let role = matcher.identityRole, let identity = Self.addressedIdentity(trailer.value) {
                        if !readAsIdentity { addIdentity(resolveIdentity(identity), role: role, signal: .trailer, text: trailer.description) }
                        readAsIdentity = true
                        continue
                    }
                    if let value = matcher.value, !value.matches(trailer.value, scratch: scratch) { continue }
                    for agent in attribute(trailer.value, to: signature) {
                        evidence.append(Evidence(signal: .trailer, text: trailer.description, agent: agent,
                                                 implies: matcher.implies, pattern: "\(matcher.key): \(matcher.value?.source ?? ".*")"))
                    }
                }
            }
        }

        if !markerSignatures.isEmpty {
            // One search per marker over the whole message (multiline patterns), not one per line.
            var message = commit.message
            let subject = commit.subject
            message.withUTF8 { bytes in
                for s in markerSignatures {
                    let signature = catalog.signatures[s]
                    for marker in signature.markers {
                        let text: String?
                        if marker.subjectOnly {
                            text = marker.pattern.matches(subject, scratch: scratch) ? subject : nil
                        } else if case .match(let range) = marker.pattern.firstMatch(inUTF8: bytes, scratch: scratch) {
                            text = Self.line(containing: range.lowerBound, in: bytes)
                        } else {
                            text = nil
                        }
                        guard let text else { continue }
                        evidence.append(Evidence(signal: .marker, text: text.trimmingTrailingWhitespace(), agent: signature.id,
                                                 implies: marker.implies, pattern: marker.pattern.source))
                    }
                }
            }
        }

        for (ref, text) in notes.sorted(by: { $0.key < $1.key }) {
            for signature in catalog.signatures {
                for matcher in signature.notes where matcher.ref == ref {
                    switch matcher.format {
                    case .text:
                        let matched: String?
                        if let pattern = matcher.pattern { matched = pattern.firstMatchText(in: text, scratch: scratch) } else { matched = text }
                        guard let matched else { continue }
                        evidence.append(Evidence(signal: .note, text: "\(ref): \(matched.prefix(200))", agent: signature.id,
                                                 implies: matcher.implies, pattern: matcher.pattern?.source ?? ref))
                    case .gitAI:
                        evidence += gitAIEvidence(text, ref: ref, signature: signature, matcher: matcher, problems: &problems)
                    }
                }
            }
        }

        return summarise(evidence)
    }

    /// One evidence per tool a git-ai note attributes lines to; none for a note that attributes no
    /// line to AI (git-ai ran and recorded nothing). A note that does not parse is a problem.
    private func gitAIEvidence(_ text: String, ref: String, signature: AgentSignature, matcher: AgentSignature.NoteMatcher,
                               problems: inout [String]) -> [Evidence] {
        let note: GitAINote
        do {
            note = try GitAINote(parsing: text)
        } catch {
            problems.append("\(ref): git-ai note does not parse (\(error))")
            return []
        }
        var found: [Evidence] = []
        for (tool, models, lines) in note.aiLinesByTool where lines > 0 {
            let model = models.isEmpty ? "" : " (" + models.prefix(3).joined(separator: ", ") + ")"
            let claim = "\(ref): git-ai attributes \(lines) line(s) to \(tool.prefix(60))\(model.prefix(120))"
            for agent in attribute(tool, to: signature) {
                found.append(Evidence(signal: .note, text: claim, agent: agent, implies: matcher.implies, pattern: "\(ref) (git-ai \(GitAINote.schema))"))
            }
        }
        return found
    }

    /// The whole line of `bytes` that holds the offset `at`.
    static func line(containing at: Int, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = min(at, bytes.count), end = start
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// The signature an identity belongs to in any role (an AI agent or a bot), or nil for a person.
    public func recognise(_ identity: Identity) -> AgentSignature? {
        for role in AgentSignature.Role.allCases {
            if let (s, _, _) = firstMatch(identity, role: role, authoredAt: nil) { return catalog.signatures[s] }
        }
        return nil
    }

    /// The first signature (in file order) with an identity matching in `role`, for a commit authored
    /// at `authoredAt` (nil: any time).
    private func firstMatch(_ identity: Identity, role: AgentSignature.Role, authoredAt: Int64?) -> (Int, Int, AgentSignature.Meaning)? {
        let key = IdentityKey(name: identity.name, email: identity.email)
        let candidates: [(signature: Int, matcher: Int)]
        if let cached = identityCache[key] {
            candidates = cached
        } else {
            var found: [(signature: Int, matcher: Int)] = []
            let email = identity.email.lowercased()
            for (s, signature) in catalog.signatures.enumerated() {
                for (m, matcher) in signature.identities.enumerated() where matches(matcher, name: identity.name, email: email) {
                    found.append((s, m))
                }
            }
            identityCache[key] = found
            candidates = found
        }
        for (s, m) in candidates {
            let matcher = catalog.signatures[s].identities[m]
            if let before = matcher.authoredBefore, let authoredAt, authoredAt >= before { continue }
            if let meaning = matcher.roles[role] { return (s, m, meaning) }
        }
        return nil
    }

    func matches(_ matcher: AgentSignature.IdentityMatcher, name: String, email: String) -> Bool {
        if let exact = matcher.email, exact != email { return false }
        if let pattern = matcher.emailPattern, !pattern.matches(email, scratch: scratch) { return false }
        if let pattern = matcher.namePattern, !pattern.matches(name, scratch: scratch) { return false }
        return true
    }

    /// A trailer value written `Name <email>` (with an address), as an identity.
    static func addressedIdentity(_ value: String) -> Identity? {
        guard let identity = Identity(parsing: value), identity.email.contains("@") else { return nil }
        return identity
    }

    /// A signature without identities is a generic disclosure (`Assisted-by:`): its matches go to the
    /// agents whose aliases the trailer names, or to itself when it names none vigil knows. In the
    /// kernel's `AGENT:MODEL [TOOLS]` form the agent is before the colon, so a model named after
    /// another tool (`Crush:claude-opus`) does not add that tool.
    private func attribute(_ value: String, to signature: AgentSignature) -> [String] {
        guard signature.identities.isEmpty && signature.aliases.isEmpty else { return [signature.id] }
        func named(in text: String) -> [String] {
            catalog.signatures.filter { $0.kind == .agent && $0.aliases.contains { $0.matches(text, scratch: scratch) } }.map(\.id)
        }
        if let colon = value.firstIndex(of: ":"), !value[..<colon].contains(" ") {
            let agent = named(in: String(value[..<colon]))
            if !agent.isEmpty { return agent }
        }
        let all = named(in: value)
        return all.isEmpty ? [signature.id] : all
    }

    private func summarise(_ evidence: [Evidence]) -> Provenance {
        guard !evidence.isEmpty else { return .human }
        var unique: [Evidence] = []
        var seen = Set<Evidence>()
        for item in evidence where seen.insert(item).inserted { unique.append(item) }
        let decided = unique.map(\.implies).max() ?? .human
        var agents: [String] = []
        for item in unique where item.implies.isAIMade && !agents.contains(item.agent) {
            agents.append(item.agent)
        }
        return Provenance(class: decided, agents: decided.isAIMade ? agents : [], evidence: unique)
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[..<end])
    }
}
