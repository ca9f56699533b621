/// Learns a WordPiece vocabulary from a corpus of reports.
///
/// Reports are added one at a time (`add`) and only their word counts are kept, so a corpus need
/// not fit in memory as text. `build` then:
/// 1. takes every character seen as a token, and "##" + the character for every character that can
///    continue a word (not punctuation, symbols or ideographs, which are words of their own), so
///    that no word of the corpus becomes `[UNK]`;
/// 2. spells every word with those characters and repeatedly merges the adjacent pair of tokens
///    with the highest score count(pair) / (count(first) × count(second)) — how much more often the
///    two occur together than apart, WordPiece's likelihood criterion — into a new token, until the
///    vocabulary has `targetSize` tokens or no pair occurs `minimumFrequency` times.
///
/// The result depends only on the word counts: ties between equal scores go to the pair whose
/// tokens come first in string order, and no floating-point sum depends on the order of the
/// reports. The same corpus therefore gives the same `vocab.txt`, byte for byte.
public struct VocabularyBuilder: Sendable {
    /// The number of tokens to stop at, specials included. The specials and every character seen are
    /// always in the vocabulary, even when they alone exceed this.
    public let targetSize: Int
    /// A pair must occur at least this many times to be merged: a pair seen once is a typo or a
    /// name, and learning it only costs an embedding row.
    public let minimumFrequency: Int
    /// How often each word (as its normalised characters) occurs in the reports added so far.
    private var wordCounts: [[String]: Int] = [:]

    public init(targetSize: Int, minimumFrequency: Int = 2) {
        precondition(minimumFrequency >= 1, "a merged pair must occur at least once")
        self.targetSize = targetSize
        self.minimumFrequency = minimumFrequency
    }

    /// Counts the words of one report.
    public mutating func add(_ text: String) {
        for word in PreTokenizer.words(in: text) {
            wordCounts[word.atoms, default: 0] += 1
        }
    }

    /// The vocabulary learned from the reports added so far: the specials, the characters (the most
    /// frequent first, word starts before continuations), then the merged tokens in the order they
    /// were learned.
    public func build() -> Vocabulary {
        var merger = PairMerger(alphabet: alphabet(), words: wordCounts, minimumFrequency: minimumFrequency)
        while merger.tokens.count < targetSize, merger.mergeBestPair() {}
        // Every token is a distinct, non-empty run of normalised characters, none of them
        // whitespace or a special token, so validation cannot fail.
        return try! Vocabulary(tokens: merger.tokens)
    }

    /// The characters seen, as word starts and, where a character can continue a word, as
    /// continuations; each group ordered by decreasing frequency, then by text.
    private func alphabet() -> [String] {
        var characterCounts: [String: Int] = [:]
        for (atoms, count) in wordCounts {
            for atom in atoms { characterCounts[atom, default: 0] += count }
        }
        let characters = characterCounts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        let continuations = characters.filter { PreTokenizer.role(of: $0) == .wordCharacter }
        return characters + continuations.map { Vocabulary.continuationPrefix + $0 }
    }
}

/// The merge loop of `VocabularyBuilder`, with the pair counts updated incrementally.
///
/// Recounting every pair of the corpus after each merge would cost (distinct words × merges); here
/// a merge touches only the words that contain the pair, found through `wordsByPair`. The best pair
/// comes from a priority queue with lazy deletion: whenever a pair's score changes — its own count
/// changed, or the count of one of its tokens did — an entry with the new score is pushed, and
/// entries whose score is no longer the pair's current one are dropped when they reach the top.
private struct PairMerger {
    /// Specials, characters, then merged tokens; a token's index is its id.
    private(set) var tokens: [String]
    private var ids: [String: Int32]
    /// How often each token occurs when the corpus is spelt with the current tokens.
    private var tokenCounts: [Int]
    /// The distinct words of two or more characters, as token ids, with their counts. Words of one
    /// character have no pairs; they only count towards their character.
    private var words: [(tokens: [Int32], count: Int)]
    private var pairCounts: [Pair: Int] = [:]
    /// The words in which each pair occurs or once occurred (possibly listed more than once).
    private var wordsByPair: [Pair: [Int]] = [:]
    /// The pairs with a non-zero count that each token is part of, by token id.
    private var pairsByToken: [Set<Pair>]
    private var queue = PairQueue()
    private let minimumFrequency: Int

    /// Two adjacent tokens, the first in the high half.
    struct Pair: Hashable {
        let bits: UInt64
        init(_ first: Int32, _ second: Int32) { bits = UInt64(UInt32(first)) << 32 | UInt64(UInt32(second)) }
        var first: Int32 { Int32(truncatingIfNeeded: bits >> 32) }
        var second: Int32 { Int32(truncatingIfNeeded: bits) }
    }

    init(alphabet: [String], words wordCounts: [[String]: Int], minimumFrequency: Int) {
        self.minimumFrequency = minimumFrequency
        tokens = SpecialToken.allCases.map(\.text) + alphabet
        ids = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1, Int32($0)) })
        tokenCounts = Array(repeating: 0, count: tokens.count)
        pairsByToken = Array(repeating: [], count: tokens.count)
        words = []
        for (atoms, count) in wordCounts {
            let spelt = atoms.enumerated().map { [ids] index, atom in
                ids[index == 0 ? atom : Vocabulary.continuationPrefix + atom]!
            }
            for token in spelt { tokenCounts[Int(token)] += count }
            guard spelt.count > 1 else { continue }
            words.append((spelt, count))
            var delta: [Pair: Int] = [:]
            for pair in Self.pairs(of: spelt) {
                delta[pair, default: 0] += count
                wordsByPair[pair, default: []].append(words.count - 1)
            }
            apply(delta)
        }
        for pair in pairCounts.keys { enqueue(pair) }
    }

    /// Merges the best pair everywhere it occurs and adds the merged token (unless another pair
    /// already made the same text); false when no pair occurs often enough.
    mutating func mergeBestPair() -> Bool {
        guard let pair = popBestPair() else { return false }
        let (first, second) = (pair.first, pair.second)
        let text = tokens[Int(first)] + tokens[Int(second)].dropFirst(Vocabulary.continuationPrefix.count)
        let merged = ids[text] ?? addToken(text)
        var delta: [Pair: Int] = [:]
        var visited = Set<Int>()
        for index in wordsByPair.removeValue(forKey: pair) ?? [] where visited.insert(index).inserted {
            let (old, count) = words[index]
            var new: [Int32] = []
            var position = 0
            while position < old.count {
                if position + 1 < old.count, old[position] == first, old[position + 1] == second {
                    new.append(merged)
                    position += 2
                } else {
                    new.append(old[position])
                    position += 1
                }
            }
            let mergeCount = old.count - new.count
            guard mergeCount > 0 else { continue }
            for oldPair in Self.pairs(of: old) { delta[oldPair, default: 0] -= count }
            for newPair in Self.pairs(of: new) {
                delta[newPair, default: 0] += count
                if newPair.first == merged || newPair.second == merged { wordsByPair[newPair, default: []].append(index) }
            }
            tokenCounts[Int(first)] -= mergeCount * count
            tokenCounts[Int(second)] -= mergeCount * count
            tokenCounts[Int(merged)] += mergeCount * count
            words[index].tokens = new
        }
        apply(delta)
        // Scores change with the pairs' own counts and with the counts of the three tokens.
        var rescored = Set(delta.keys)
        for token in [first, second, merged] { rescored.formUnion(pairsByToken[Int(token)]) }
        for pair in rescored { enqueue(pair) }
        return true
    }

    private mutating func addToken(_ text: String) -> Int32 {
        let id = Int32(tokens.count)
        tokens.append(text)
        ids[text] = id
        tokenCounts.append(0)
        pairsByToken.append([])
        return id
    }

    /// Adds count changes to `pairCounts`, keeping `pairsByToken` to the pairs that occur.
    private mutating func apply(_ delta: [Pair: Int]) {
        for (pair, change) in delta where change != 0 {
            let count = pairCounts[pair, default: 0] + change
            if count == 0 {
                pairCounts[pair] = nil
                pairsByToken[Int(pair.first)].remove(pair)
                pairsByToken[Int(pair.second)].remove(pair)
            } else {
                pairCounts[pair] = count
                pairsByToken[Int(pair.first)].insert(pair)
                pairsByToken[Int(pair.second)].insert(pair)
            }
        }
    }

    private func score(_ pair: Pair) -> Double? {
        guard let count = pairCounts[pair], count >= minimumFrequency else { return nil }
        return Double(count) / (Double(tokenCounts[Int(pair.first)]) * Double(tokenCounts[Int(pair.second)]))
    }

    private mutating func enqueue(_ pair: Pair) {
        guard let score = score(pair) else { return }
        let tokens = tokens
        queue.push(PairQueue.Entry(score: score, pair: pair)) { Self.precedes($0, $1, tokens: tokens) }
    }

    private mutating func popBestPair() -> Pair? {
        let tokens = tokens
        while let entry = queue.pop(precedes: { Self.precedes($0, $1, tokens: tokens) }) {
            if score(entry.pair) == entry.score { return entry.pair }
        }
        return nil
    }

    /// Higher score first; equal scores in the string order of the first, then the second token.
    private static func precedes(_ a: PairQueue.Entry, _ b: PairQueue.Entry, tokens: [String]) -> Bool {
        if a.score != b.score { return a.score > b.score }
        return (tokens[Int(a.pair.first)], tokens[Int(a.pair.second)]) < (tokens[Int(b.pair.first)], tokens[Int(b.pair.second)])
    }

    private static func pairs(of tokens: [Int32]) -> [Pair] {
        zip(tokens, tokens.dropFirst()).map { Pair($0, $1) }
    }
}

/// A binary heap of scored pairs; the order is passed in because it depends on token texts that
/// grow with the vocabulary.
private struct PairQueue {
    struct Entry {
        let score: Double
        let pair: PairMerger.Pair
    }

    private var heap: [Entry] = []

    mutating func push(_ entry: Entry, precedes: (Entry, Entry) -> Bool) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop(precedes: (Entry, Entry) -> Bool) -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while 2 * parent + 1 < heap.count {
            let left = 2 * parent + 1
            let child = left + 1 < heap.count && precedes(heap[left + 1], heap[left]) ? left + 1 : left
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(parent, child)
            parent = child
        }
        return top
    }
}
