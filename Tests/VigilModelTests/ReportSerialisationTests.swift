import Testing
import VigilModel

/// A commit report has one serialisation: what the JSON writer emits, the decoder reads back.
@Suite struct ReportSerialisationTests {
    static func report() -> CommitReport {
        let author = Identity(name: "Jane \"J\" Doe", email: "jane@example.com", time: 1_767_225_600, offsetMinutes: 90)
        let committer = Identity(name: "Bot\u{1B}[2J", email: "bot@example.com", time: 1_767_229_200, offsetMinutes: -300)
        let commit = Commit(id: ObjectID(hex: String(repeating: "ab", count: 20))!, tree: ObjectID(hex: String(repeating: "cd", count: 20))!,
                            parents: [ObjectID(hex: String(repeating: "01", count: 20))!], author: author, committer: committer,
                            message: "Tune the reward\u{0} scale\n\nbody", messageEncoding: "ISO-8859-1")
        let provenance = Provenance(class: .assisted, agents: ["claude-code"],
                                    evidence: [Evidence(signal: .coauthor, text: "Co-Authored-By: Claude <noreply@anthropic.com>",
                                                        agent: "claude-code", implies: .assisted, pattern: "email noreply@anthropic.com")])
        let review = Review(status: .reviewed, reviewers: [Identity(name: "Bob", email: "bob@example.com")],
                            evidence: [ReviewEvidence(signal: .trailer, text: "Reviewed-by: Bob <bob@example.com>",
                                                      approver: Identity(name: "Bob", email: "bob@example.com")),
                                       ReviewEvidence(signal: .landed, text: "(#12)")])
        var stats = DiffStats()
        stats.files = 3; stats.added = 10; stats.removed = 2; stats.binaryFiles = 1
        stats.linesByTopDirectory = ["trainer": 12]; stats.unreadablePaths = ["x.bin"]
        var report = CommitReport(commit: commit, provenance: provenance, review: review, stats: stats, problems: ["a problem"])
        report.flags = [RiskFlag(rule: "reward-kl-coefficient", title: "KL", category: .reward, severity: .high, kind: .value, path: "a b/c.py",
                                 lines: [RiskFlag.Line(side: .removed, number: 5, text: "kl_coef = 0.1", fingerprint: "aaaaaaaaaaaaaaaa"),
                                         RiskFlag.Line(side: .added, number: 6, text: "kl_coef = 0 # ünïcode", fingerprint: "bbbbbbbbbbbbbbbb")],
                                 scope: "PPOConfig.kl_coef",
                                 value: RiskFlag.ValueChange(key: "kl_coef", old: "0.1", new: "0", direction: .weakened),
                                 excerpt: "kl_coef: 0.1 → 0", message: "why", note: "a note", fingerprint: "0123456789abcdef"),
                        RiskFlag(rule: "ci", title: "CI", category: .oversight, severity: .low, kind: .file, path: ".github/workflows/x.yml",
                                 lines: [], excerpt: ".github/workflows/x.yml modified", message: "m", fingerprint: "fedcba9876543210")]
        report.skipped = [SkippedFile(path: "w.bin", reason: "binary")]
        report.suppressedFlags = 2
        report.isDamaged = true
        return report
    }

    @Test func whatIsWrittenReadsBack() throws {
        let original = Self.report()
        let text = original.json.serialized()
        let back = try CommitReport(jsonText: text)
        #expect(back.json.serialized() == text)
        #expect(back.provenance == original.provenance)
        #expect(back.review == original.review)
        #expect(back.stats == original.stats)
        #expect(back.flags == original.flags)
        #expect(back.commit.author == original.commit.author)
        #expect(back.commit.committer == original.commit.committer)
        #expect(back.commit.tree == original.commit.tree)
        #expect(back.isDamaged && back.suppressedFlags == 2)
    }

    @Test func malformedJSONIsAnErrorNotACrash() {
        for text in ["", "{", "[1,", "{\"commit\": 5}", "{\"commit\":\"zz\"}", "\"\\u12\"", String(repeating: "[", count: 2000)] {
            #expect(throws: (any Error).self) { try CommitReport(jsonText: text) }
        }
    }

    @Test func objectIDsRoundTripAndOrder() throws {
        let a = try #require(ObjectID(hex: "00000000000000000000000000000000000000ff"))
        let b = try #require(ObjectID(hex: "0000000000000000000000000000000000000100"))
        #expect(a < b)
        #expect(ObjectID(hex: a.hex) == a)
        #expect(ObjectID(hex: "ABCDEF0123456789ABCDEF0123456789ABCDEF01")?.hex == "abcdef0123456789abcdef0123456789abcdef01")
        #expect(ObjectID(hex: "xyz") == nil)
        #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
        #expect(ObjectID.zero.isZero && !a.isZero)
    }
}
