/// Character data behind RE2 classes: Perl and POSIX classes (ASCII, as in RE2),
/// Unicode general categories (from the standard library's scalar properties),
/// a few scripts (range tables), and simple case-folding orbits.
enum RegexUnicodeTables {
    // MARK: ASCII classes

    /// `\d`, `\s`, `\w` (ASCII only, as in RE2; `\s` is `[\t\n\f\r ]`).
    static func perlClass(_ letter: Unicode.Scalar) -> RegexScalarSet? {
        switch letter {
        case "d": RegexScalarSet([0x30...0x39])
        case "s": RegexScalarSet([0x09...0x0A, 0x0C...0x0D, 0x20...0x20])
        case "w": RegexScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
        default: nil
        }
    }

    /// `[:name:]` classes, valid inside brackets only.
    static func posixClass(_ name: String) -> RegexScalarSet? {
        let ranges: [ClosedRange<UInt32>]
        switch name {
        case "alnum": ranges = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": ranges = [0x41...0x5A, 0x61...0x7A]
        case "ascii": ranges = [0x00...0x7F]
        case "blank": ranges = [0x09...0x09, 0x20...0x20]
        case "cntrl": ranges = [0x00...0x1F, 0x7F...0x7F]
        case "digit": ranges = [0x30...0x39]
        case "graph": ranges = [0x21...0x7E]
        case "lower": ranges = [0x61...0x7A]
        case "print": ranges = [0x20...0x7E]
        case "punct": ranges = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": ranges = [0x09...0x0D, 0x20...0x20]
        case "upper": ranges = [0x41...0x5A]
        case "word": ranges = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "xdigit": ranges = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: return nil
        }
        return RegexScalarSet(ranges)
    }

    // MARK: Unicode classes

    /// The set named in `\p{name}` / `\pN`: `Any`, a general category or group, or a script.
    static func unicodeClass(_ name: String) -> RegexScalarSet? {
        if name == "Any" { return .all }
        if let categories = categoryNames[name] {
            return RegexScalarSet(categories.flatMap { generalCategoryRanges[$0] ?? [] })
        }
        return scripts[name].map { RegexScalarSet($0) }
    }

    private static let categoryNames: [String: [Unicode.GeneralCategory]] = {
        let groups: [(String, [(String, Unicode.GeneralCategory)])] = [
            ("L", [("Lu", .uppercaseLetter), ("Ll", .lowercaseLetter), ("Lt", .titlecaseLetter),
                   ("Lm", .modifierLetter), ("Lo", .otherLetter)]),
            ("M", [("Mn", .nonspacingMark), ("Mc", .spacingMark), ("Me", .enclosingMark)]),
            ("N", [("Nd", .decimalNumber), ("Nl", .letterNumber), ("No", .otherNumber)]),
            ("P", [("Pc", .connectorPunctuation), ("Pd", .dashPunctuation), ("Ps", .openPunctuation),
                   ("Pe", .closePunctuation), ("Pi", .initialPunctuation), ("Pf", .finalPunctuation),
                   ("Po", .otherPunctuation)]),
            ("S", [("Sm", .mathSymbol), ("Sc", .currencySymbol), ("Sk", .modifierSymbol), ("So", .otherSymbol)]),
            ("Z", [("Zs", .spaceSeparator), ("Zl", .lineSeparator), ("Zp", .paragraphSeparator)]),
            ("C", [("Cc", .control), ("Cf", .format), ("Cs", .surrogate), ("Co", .privateUse)]),
        ]
        var table: [String: [Unicode.GeneralCategory]] = [:]
        for (group, members) in groups {
            table[group] = members.map(\.1)
            for (name, category) in members { table[name] = [category] }
        }
        return table
    }()

    /// Ranges of every general category, computed once by scanning all code points.
    private static let generalCategoryRanges: [Unicode.GeneralCategory: [ClosedRange<UInt32>]] = {
        func category(_ value: UInt32) -> Unicode.GeneralCategory {
            Unicode.Scalar(value)?.properties.generalCategory ?? .surrogate
        }
        var table: [Unicode.GeneralCategory: [ClosedRange<UInt32>]] = [:]
        var runStart: UInt32 = 0
        var runCategory = category(0)
        for value in UInt32(1)...RegexScalarSet.maxScalar {
            let current = category(value)
            if current != runCategory {
                table[runCategory, default: []].append(runStart...(value - 1))
                runStart = value
                runCategory = current
            }
        }
        table[runCategory, default: []].append(runStart...RegexScalarSet.maxScalar)
        return table
    }()

    /// Scripts (from Unicode's Scripts.txt); other script names are rejected as unknown.
    private static let scripts: [String: [ClosedRange<UInt32>]] = [
        "Latin": [
            0x41...0x5A, 0x61...0x7A, 0xAA...0xAA, 0xBA...0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2B8,
            0x2E0...0x2E4, 0x1D00...0x1D25, 0x1D2C...0x1D5C, 0x1D62...0x1D65, 0x1D6B...0x1D77,
            0x1D79...0x1DBE, 0x1E00...0x1EFF, 0x2071...0x2071, 0x207F...0x207F, 0x2090...0x209C,
            0x212A...0x212B, 0x2132...0x2132, 0x214E...0x214E, 0x2160...0x2188, 0x2C60...0x2C7F,
            0xA722...0xA787, 0xA78B...0xA7CD, 0xA7D0...0xA7D1, 0xA7D3...0xA7D3, 0xA7D5...0xA7DC,
            0xA7F2...0xA7FF, 0xAB30...0xAB5A, 0xAB5C...0xAB64, 0xAB66...0xAB69, 0xFB00...0xFB06,
            0xFF21...0xFF3A, 0xFF41...0xFF5A, 0x10780...0x10785, 0x10787...0x107B0, 0x107B2...0x107BA,
            0x1DF00...0x1DF1E, 0x1DF25...0x1DF2A,
        ],
        "Greek": [
            0x370...0x373, 0x375...0x377, 0x37A...0x37D, 0x37F...0x37F, 0x384...0x384, 0x386...0x386,
            0x388...0x38A, 0x38C...0x38C, 0x38E...0x3A1, 0x3A3...0x3E1, 0x3F0...0x3FF, 0x1D26...0x1D2A,
            0x1D5D...0x1D61, 0x1D66...0x1D6A, 0x1DBF...0x1DBF, 0x1F00...0x1F15, 0x1F18...0x1F1D,
            0x1F20...0x1F45, 0x1F48...0x1F4D, 0x1F50...0x1F57, 0x1F59...0x1F59, 0x1F5B...0x1F5B,
            0x1F5D...0x1F5D, 0x1F5F...0x1F7D, 0x1F80...0x1FB4, 0x1FB6...0x1FC4, 0x1FC6...0x1FD3,
            0x1FD6...0x1FDB, 0x1FDD...0x1FEF, 0x1FF2...0x1FF4, 0x1FF6...0x1FFE, 0x2126...0x2126,
            0xAB65...0xAB65, 0x10140...0x1018E, 0x101A0...0x101A0, 0x1D200...0x1D245,
        ],
        "Cyrillic": [
            0x400...0x484, 0x487...0x52F, 0x1C80...0x1C8A, 0x1D2B...0x1D2B, 0x1D78...0x1D78,
            0x2DE0...0x2DFF, 0xA640...0xA69F, 0xFE2E...0xFE2F, 0x1E030...0x1E06D, 0x1E08F...0x1E08F,
        ],
        "Han": [
            0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x3005...0x3005, 0x3007...0x3007,
            0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFA6D,
            0xFA70...0xFAD9, 0x16FE2...0x16FE3, 0x16FF0...0x16FF1, 0x20000...0x2A6DF, 0x2A700...0x2B739,
            0x2B740...0x2B81D, 0x2B820...0x2CEA1, 0x2CEB0...0x2EBE0, 0x2EBF0...0x2EE5D, 0x2F800...0x2FA1D,
            0x30000...0x3134A, 0x31350...0x323AF,
        ],
    ]

    // MARK: Case folding

    /// For every scalar with case variants, all scalars equivalent to it under simple
    /// case folding (itself included), e.g. `k` → [`K`, `k`, KELVIN SIGN].
    static let caseOrbits: [UInt32: [UInt32]] = {
        var byKey: [UInt32: [UInt32]] = [:]
        // Cased scripts end before U+1E950 (Adlam).
        for value in UInt32(0)..<0x1E950 {
            // Dotless ı has only a Turkic fold, which simple folding excludes.
            guard value != 0x131, let scalar = Unicode.Scalar(value),
                  scalar.properties.changesWhenCaseMapped else { continue }
            byKey[foldKey(scalar), default: []].append(value)
        }
        var orbits: [UInt32: [UInt32]] = [:]
        for (key, var members) in byKey {
            if !members.contains(key) { members.append(key) }
            guard members.count > 1 else { continue }
            for member in members { orbits[member] = members }
        }
        return orbits
    }()

    /// A canonical member of the case orbit of `scalar`: the lowercase of its uppercase
    /// (so `ſ`, `S` and `s` share `s`), when those mappings are single scalars.
    private static func foldKey(_ scalar: Unicode.Scalar) -> UInt32 {
        func single(_ text: String) -> Unicode.Scalar? {
            var iterator = text.unicodeScalars.makeIterator()
            guard let first = iterator.next(), iterator.next() == nil else { return nil }
            return first
        }
        let properties = scalar.properties
        if let upper = single(properties.uppercaseMapping), let lower = single(upper.properties.lowercaseMapping) {
            return lower.value
        }
        return single(properties.lowercaseMapping)?.value ?? scalar.value
    }
}
