import VigilModel

/// A stream of JSON objects: one array (`json`) or one object per line (`ndjson`). Every command
/// that writes a list writes it through this.
public final class JSONListWriter {
    public enum Framing: Sendable { case array, lines }
    private let output: TextOutput
    private let framing: Framing
    private var first = true

    public init(output: TextOutput, framing: Framing) {
        self.output = output
        self.framing = framing
        if framing == .array { output.write("[") }
    }

    public func write(_ value: JSONValue) { write(serialized: value.serialized()) }

    /// An object already serialised (by a worker, in parallel).
    public func write(serialized: String) {
        switch framing {
        case .array:
            output.write(first ? "\n" : ",\n")
            output.write(serialized)
        case .lines:
            output.write(serialized)
            output.write("\n")
        }
        first = false
    }

    public func finish() {
        if framing == .array { output.write(first ? "]\n" : "\n]\n") }
    }

    /// A whole list at once.
    public static func render(_ values: [JSONValue], framing: Framing) -> String {
        let output = StringOutput()
        let writer = JSONListWriter(output: output, framing: framing)
        for value in values { writer.write(value) }
        writer.finish()
        return output.text
    }
}
