import Crypto
import FleetModel

/// What lets a no-op diff skip the server's dry run, safely.
///
/// An SSA dry run is how a diff learns what applying would change, server defaults and
/// all; it costs a write-path request per object. It can only change nothing when (1) the
/// object is exactly what Flotilla applied last — the digest of the desired object, stored
/// in an annotation when it was applied, matches — so no field Git set then has since been
/// dropped from Git (SSA would remove it); (2) every field Git sets still has the value
/// Git gives it in the live object (`contains`), so nobody changed or removed one; and
/// (3) no other field manager (or Flotilla through an update) owns a field Git sets — a
/// key added to an atomic map such as a Service selector leaves (2) true, but moves the
/// field's ownership, and a forced apply would put the whole map back. Anything else — a
/// changed value, a list of another length, a quantity written another way, a shared
/// field — takes the dry run as before: the shortcut can miss no change, only skip work.
public enum Digest {
    /// SHA-256 of the object's compact JSON, hex, first 32 characters.
    public static func of(_ object: JSONValue) -> String {
        let bytes = SHA256.hash(data: Array(JSONWriter.compact(object).utf8))
        return bytes.prefix(16).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// Whether applying `desired` can change nothing on `live` (see above); both normalized
    /// as a diff normalizes them.
    static func provesUnchanged(desired: JSONValue, live: JSONValue, rules: [IgnoreRule]) -> Bool {
        guard let wanted = Tracking.digest(of: desired), Tracking.digest(of: live) == wanted else { return false }
        let others = (live["metadata"]?["managedFields"]?.arrayValue ?? []).filter { entry in
            entry["subresource"]?.stringValue != "status"
                && !(entry["manager"]?.stringValue == Differ.fieldManager && entry["operation"]?.stringValue == "Apply")
        }
        guard !others.contains(where: { overlaps(owned: $0["fieldsV1"] ?? [:], desired) }) else { return false }
        return contains(
            Normalizer.normalized(live, rules: rules, owners: live),
            Normalizer.normalized(desired, rules: rules, owners: live))
    }

    /// Whether a `fieldsV1` set owns any field `desired` sets. Inside lists it does not tell
    /// items apart: a list Git sets in which someone owns anything counts as shared.
    static func overlaps(owned: JSONValue, _ desired: JSONValue) -> Bool {
        guard case .object(let fields) = owned else { return false }
        for (key, below) in fields.members {
            if key.hasPrefix("f:") {
                guard let value = desired[String(key.dropFirst(2))] else { continue }
                if below.objectValue?.isEmpty ?? true { return true }
                if overlaps(owned: below, value) { return true }
            } else if key == "." || desired.arrayValue != nil {
                return true  // a list item (`k:`, `v:`, `i:`) of a list Git sets, or the value itself
            }
        }
        return false
    }

    /// Whether every member of `part` is in `whole` with the same value (lists: same length,
    /// item by item).
    static func contains(_ whole: JSONValue, _ part: JSONValue) -> Bool {
        switch (whole, part) {
        case (.object(let big), .object(let small)):
            return small.members.allSatisfy { member in big[member.key].map { contains($0, member.value) } ?? false }
        case (.array(let big), .array(let small)):
            return big.count == small.count && zip(big, small).allSatisfy { contains($0, $1) }
        default:
            return whole == part
        }
    }
}
