import { describe, expect, test } from 'vitest';
import { closestName, editDistance } from '../../src/helpers/closest-name.js';

describe('closestName', () => {
    const stepMembers = ['run', 'image', 'resources', 'timeout', 'retry', 'cache', 'sandbox'];
    test.each<[string, readonly string[], string | undefined]>([
        ['timout', stepMembers, 'timeout'],
        ['resource', stepMembers, 'resources'],
        ['Timeout', stepMembers, 'timeout'],
        ['cuont', ['cpu', 'memory', 'gpu', 'count'], 'count'],
        ['readonly', ['network', 'readOnly'], 'readOnly'],
        ['memroy', ['cpu', 'memory', 'gpu', 'disk'], 'memory'],
        // Too far from everything: no suggestion beats a wrong one.
        ['replicas', stepMembers, undefined],
        ['c', ['a', 'b'], undefined],
        ['run', stepMembers, undefined],
    ])('%s in %j → %s', (name, candidates, expected) => {
        expect(closestName(name, candidates)).toBe(expected);
    });
});

describe('editDistance', () => {
    test.each<[string, string, number]>([
        ['', '', 0], ['abc', 'abc', 0], ['abc', '', 3], ['kitten', 'sitting', 3],
        ['count', 'cuont', 1], ['ab', 'ba', 1], ['abc', 'abd', 1], ['abc', 'abcd', 1],
    ])('%s ↔ %s = %i', (a, b, distance) => {
        expect(editDistance(a, b)).toBe(distance);
        expect(editDistance(b, a)).toBe(distance);
    });

    test('stops early past the limit', () => {
        expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    });
});
