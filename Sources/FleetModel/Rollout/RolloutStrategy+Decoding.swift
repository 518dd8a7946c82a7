extension RolloutStrategy {
    /// Decodes `spec.strategy`: nil for `type: AllAtOnce`; `type: RollingSync` needs
    /// `rollingSync.steps`. Unknown keys and bad values are errors naming the field.
    public static func decode(_ reader: FieldReader) throws(FleetModelError) -> RolloutStrategy? {
        try reader.rejectUnknownKeys(["type", "rollingSync"])
        let typeReader = try reader.required("type")
        switch try typeReader.string() {
        case "AllAtOnce":
            if let rolling = try reader.optional("rollingSync") {
                throw rolling.error("is only read with type RollingSync")
            }
            return nil
        case "RollingSync":
            let rolling = try reader.required("rollingSync")
            try rolling.rejectUnknownKeys(["steps", "autoPartitionSize"])
            let stepsReader = try rolling.required("steps")
            var steps: [RolloutStep] = []
            for element in try stepsReader.elements() { steps.append(try RolloutStep(reading: element)) }
            guard !steps.isEmpty else { throw stepsReader.error("must hold at least one step") }
            let partition = try rolling.optional("autoPartitionSize").map { (size) throws(FleetModelError) in
                try RolloutQuantity(reading: size, atLeastOne: true)
            }
            return RolloutStrategy(steps: steps, autoPartitionSize: partition)
        case let other:
            throw typeReader.error("unknown strategy type \"\(other)\" (expected AllAtOnce or RollingSync)")
        }
    }
}

extension RolloutStep {
    /// Decodes one `rollingSync.steps[]` entry.
    init(reading reader: FieldReader) throws(FleetModelError) {
        try reader.rejectUnknownKeys(["matchExpressions", "maxUpdate", "pauseAfter", "maxUnavailable"])
        let expressions = try reader.required("matchExpressions")
        let requirements = try LabelSelector.requirements(ofExpressions: expressions)
        guard !requirements.isEmpty else {
            throw expressions.error(
                "must hold at least one expression (a step selecting everything leaves no later step anything)")
        }
        var pauseAfter = Duration.zero
        if let pauseReader = try reader.optional("pauseAfter") {
            let text = try pauseReader.string()
            do {
                pauseAfter = try GoDuration.parse(text)
            } catch {
                throw pauseReader.error("invalid duration: \(error.message) (for example 30s, 5m, 1h)")
            }
            // A fleet file is shared and untrusted: its bake time cannot park a sync for days.
            guard pauseAfter <= .seconds(86_400), pauseAfter >= .zero else {
                throw pauseReader.error("must be between 0s and 24h, not \(text)")
            }
        }
        self.init(
            selector: LabelSelector(requirements: requirements),
            maxUpdate: try reader.optional("maxUpdate").map { (quantity) throws(FleetModelError) in
                try RolloutQuantity(reading: quantity, atLeastOne: true)
            } ?? .percent(100),
            pauseAfter: pauseAfter,
            maxUnavailable: try reader.optional("maxUnavailable").map { (quantity) throws(FleetModelError) in
                try RolloutQuantity(reading: quantity, atLeastOne: false)
            } ?? .count(0))
    }
}

extension RolloutQuantity {
    /// Reads an integer or an `"N%"` string (0–100); `atLeastOne` refuses zero.
    init(reading reader: FieldReader, atLeastOne: Bool) throws(FleetModelError) {
        let smallest = atLeastOne ? 1 : 0
        switch reader.value {
        case .int(let count):
            guard count >= smallest else { throw reader.error("must be at least \(smallest), not \(count)") }
            self = .count(count)
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()), (smallest...100).contains(percent) else {
                throw reader.error("must be an integer or a percentage from \(smallest)% to 100%, not \"\(text)\"")
            }
            self = .percent(percent)
        default:
            throw reader.error("must be an integer or a percentage such as \"25%\", not a \(reader.value.typeName)")
        }
    }
}
