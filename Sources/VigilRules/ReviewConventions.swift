import VigilModel
import VigilPatterns

/// How review shows up in git data (`rules/review.yml`).
public struct ReviewConventions: Sendable {
    public struct ApprovalLine: Sendable {
        public var pattern: Pattern
        public var separator: String?
    }

    public struct LandedMark: Sendable {
        public var pattern: Pattern
        public var subjectOnly: Bool
    }

    /// A commit, described in the rule file, that must get the stated review status.
    public struct Example: Sendable {
        public var author: String?
        public var committer: String?
        public var message: String
        public var mergedBy: (author: String, message: String)?
        public var expect: ReviewStatus
        /// Expected reviewers (emails, or names when no email is recorded); nil checks none.
        public var reviewers: [String]?
        public var file: String
        public var line: Int
    }

    /// Trailer keys, lowercased, whose values name approvers.
    public var approvalTrailers: [String]
    public var approvalLines: [ApprovalLine]
    /// Subjects of the merge commits forges write when a pull or merge request lands.
    public var pullRequestMerges: [Pattern]
    public var landedViaReview: [LandedMark]
    public var committerIsReviewer: Bool
    public var examples: [Example]

    public init(approvalTrailers: [String] = [], approvalLines: [ApprovalLine] = [], pullRequestMerges: [Pattern] = [],
                landedViaReview: [LandedMark] = [], committerIsReviewer: Bool = false, examples: [Example] = []) {
        self.approvalTrailers = approvalTrailers
        self.approvalLines = approvalLines
        self.pullRequestMerges = pullRequestMerges
        self.landedViaReview = landedViaReview
        self.committerIsReviewer = committerIsReviewer
        self.examples = examples
    }

    /// Reads `review.yml`. Every fault names the file and line.
    public static func load(yaml text: String, file: String) throws -> ReviewConventions {
        let root = try RuleNode.parse(text, file: file)
        let top = try root.mapping(
            allowed: ["version", "approval_trailers", "approval_lines", "pull_request_merges", "landed_via_review",
                      "committer_is_reviewer", "examples"],
            context: "review conventions")
        if let version = top["version"], try version.int(context: "version") != 1 {
            throw version.error("unsupported version (this vigil reads version 1)")
        }
        var conventions = ReviewConventions()
        conventions.approvalTrailers = try (top["approval_trailers"]?.sequence(context: "approval_trailers") ?? []).map {
            try $0.mapping(allowed: ["key"], context: "approval trailer").required("key").string(context: "key").lowercased()
        }
        conventions.approvalLines = try (top["approval_lines"]?.sequence(context: "approval_lines") ?? []).map {
            let f = try $0.mapping(allowed: ["regex", "split"], context: "approval line")
            return ApprovalLine(pattern: try f.required("regex").pattern(context: "approval line: regex", options: .multiline),
                                separator: try f["split"]?.string(context: "split"))
        }
        conventions.pullRequestMerges = try (top["pull_request_merges"]?.sequence(context: "pull_request_merges") ?? []).map {
            try $0.mapping(allowed: ["regex"], context: "pull request merge").required("regex")
                .pattern(context: "pull request merge: regex", options: .multiline)
        }
        conventions.landedViaReview = try (top["landed_via_review"]?.sequence(context: "landed_via_review") ?? []).map {
            let f = try $0.mapping(allowed: ["regex", "subject_only"], context: "landed mark")
            return LandedMark(pattern: try f.required("regex").pattern(context: "landed mark: regex", options: .multiline),
                              subjectOnly: try f["subject_only"]?.bool(context: "subject_only") ?? false)
        }
        conventions.committerIsReviewer = try top["committer_is_reviewer"]?.bool(context: "committer_is_reviewer") ?? false
        conventions.examples = try (top["examples"]?.sequence(context: "examples") ?? []).map { item in
            let f = try item.mapping(allowed: ["author", "committer", "message", "merged_by", "expect", "reviewers"], context: "review example")
            var mergedBy: (String, String)?
            if let node = f["merged_by"] {
                let m = try node.mapping(allowed: ["author", "message"], context: "merged_by")
                mergedBy = (try m.required("author").string(context: "merged_by author"), try m.required("message").string(context: "merged_by message"))
            }
            return Example(author: try f["author"]?.string(context: "author"), committer: try f["committer"]?.string(context: "committer"),
                           message: try f.required("message").string(context: "message"), mergedBy: mergedBy,
                           expect: try f.required("expect").oneOf(ReviewStatus.self, context: "expect"),
                           reviewers: try f["reviewers"]?.strings(context: "reviewers"), file: item.file, line: item.line)
        }
        return conventions
    }
}
