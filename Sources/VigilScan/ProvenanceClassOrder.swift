import VigilRules

/// The order classes are listed in output: most AI involvement first.
enum ProvenanceClassOrder {
    static let all: [ProvenanceClass] = [.ai, .assisted, .human, .bot]
}
