/**
 * "Did you mean …?" suggestions: the candidate closest to a misspelt name, if one is close
 * enough to be a plausible typo (a few edits for long names, one for short ones).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
    const budget = Math.max(1, Math.floor(name.length / 3));
    let best: string | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
        if (candidate === name) continue;
        // A different letter case is the likeliest slip of all (`readonly` for `readOnly`).
        const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, candidate, budget);
        // Replacing most of a short name is no typo (`c` is not a slip for `a`).
        if (distance <= budget && distance < Math.min(name.length, candidate.length) && distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** A sentence to end a message with (` Did you mean `x`?`), or the empty string when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
    const suggestion = closestName(name, candidates);
    return suggestion === undefined ? '' : ` Did you mean \`${suggestion}\`?`;
}

/**
 * Edit distance counting an insertion, deletion, substitution or swap of two neighbours as one
 * edit (`cuont` is one slip from `count`); gives up (returns `limit + 1`) once it must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let beforePrevious: number[] = [];
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        let rowMinimum = i;
        for (let j = 1; j <= b.length; j++) {
            let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
            current.push(value);
            rowMinimum = Math.min(rowMinimum, value);
        }
        if (rowMinimum > limit) return limit + 1;
        beforePrevious = previous;
        previous = current;
    }
    return previous[b.length]!;
}
