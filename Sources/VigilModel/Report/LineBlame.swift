/// `vigil blame`: every line of a file at one revision, the commit that last changed it, that
/// commit's provenance, and what a git-ai note on that commit claims about the line.
public struct LineBlame: Sendable {
    /// What a git-ai note says about one line. A claim: notes are unsigned.
    public struct NoteClaim: Sendable, Hashable {
        public enum Kind: String, Sendable { case ai, human, unknown }
        public var kind: Kind
        /// The attestation key (`s_…::t_…`, `h_…`, a legacy prompt key).
        public var key: String
        public var tool: String?
        public var model: String?
        /// A known human's `Name <email>`, when the note gives it.
        public var human: String?
        /// The notes ref the claim came from.
        public var ref: String

        public init(kind: Kind, key: String, tool: String? = nil, model: String? = nil, human: String? = nil, ref: String) {
            self.kind = kind
            self.key = key
            self.tool = tool
            self.model = model
            self.human = human
            self.ref = ref
        }
    }

    public struct Line: Sendable {
        /// 1-based, in the file at the blamed revision.
        public var number: Int
        public var text: String
        public var commit: ObjectID
        /// The path and line number in `commit`'s version of the file.
        public var originalPath: String
        public var originalLine: Int
        /// The history ended (root or shallow boundary) before the line's origin was found.
        public var isBoundary: Bool
        public var claim: NoteClaim?

        public init(number: Int, text: String, commit: ObjectID, originalPath: String, originalLine: Int, isBoundary: Bool, claim: NoteClaim?) {
            self.number = number
            self.text = text
            self.commit = commit
            self.originalPath = originalPath
            self.originalLine = originalLine
            self.isBoundary = isBoundary
            self.claim = claim
        }
    }

    /// One commit the lines come from, classified as `vigil scan` classifies it.
    public struct Origin: Sendable {
        public var commit: Commit
        public var provenance: Provenance
        public init(commit: Commit, provenance: Provenance) {
            self.commit = commit
            self.provenance = provenance
        }
    }

    public var path: String
    public var revision: ObjectID
    public var lines: [Line]
    /// Every commit a line comes from, newest first.
    public var origins: [Origin]
    /// What could not be read (a note that does not parse), in words.
    public var problems: [String]

    private let originIndex: [ObjectID: Int]

    public init(path: String, revision: ObjectID, lines: [Line], origins: [Origin], problems: [String]) {
        self.path = path
        self.revision = revision
        self.lines = lines
        self.origins = origins
        self.problems = problems
        originIndex = Dictionary(origins.enumerated().map { ($1.commit.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func origin(of id: ObjectID) -> Origin? { originIndex[id].map { origins[$0] } }
}
