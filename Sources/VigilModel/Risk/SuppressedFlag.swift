/// A finding a baseline, an ignore file or a triage verdict hides, and why. Kept only where an
/// output reports hidden findings as such (SARIF's `suppressions`); elsewhere only counted.
public struct SuppressedFlag: Sendable, Hashable {
    public enum Source: String, Sendable, CaseIterable {
        /// The fingerprint is in the `--baseline` report.
        case baseline
        /// An entry of the ignore file (`.vigilignore` or `--ignore-file`) matches it.
        case ignoreFile = "ignore-file"
        /// A reviewer's current verdict is false-positive or accepted-risk.
        case triage
    }

    public var flag: RiskFlag
    public var source: Source
    /// The reason given: the ignore entry's reason and place, or the verdict's note and reviewer.
    public var justification: String

    public init(flag: RiskFlag, source: Source, justification: String) {
        self.flag = flag
        self.source = source
        self.justification = justification
    }
}
