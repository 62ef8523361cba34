// Typed error edges in the Argo export: `on exit` waits for the call however it ended; what
// Argo cannot honour (typed handlers, recovery) is exported as plain handlers, with warnings.
import { describe, expect, it } from 'vitest';
import { argoExport } from '../../../src/kubernetes/argo/argo-workflow.js';
import { node, output, plan } from '../../execution/plan-fixtures.js';
import { clusterTarget, expectConsistent, placeholderBundles, taskNamed } from './argo-support.js';

describe('error edges on Argo', () => {
    it('runs an on exit node after its call however it ended, and warns about typed handlers and recovery', () => {
        const compiled = plan([
            { ...node('train'), recover: [{ handles: { error: 'QualityTooLow' }, outputs: { value: output('fallback', 'value') }, needs: ['fallback'] }] },
            { ...node('fallback', { onFailureOf: ['train'] }), handles: { error: 'QualityTooLow' } },
            { ...node('alert', { onFailureOf: ['train'] }), handles: { except: ['QualityTooLow'] } },
            { ...node('cleanup'), onExitOf: ['train'] },
        ]);
        const exported = argoExport(compiled, clusterTarget(), { bundles: placeholderBundles(compiled) });
        expectConsistent(exported);
        expect(taskNamed(exported.workflow, 'cleanup').depends).toBe('(train.Succeeded || train.Failed || train.Errored || train.Skipped)');
        expect(exported.warnings).toEqual([
            'train: Argo does not recover it: when it fails, what reads its outputs is skipped and the workflow fails',
            'fallback: Argo runs this handler of train on any failure, not only QualityTooLow',
            'alert: Argo runs this handler of train on any failure, QualityTooLow too',
        ]);
    });

    it('has no warnings for a plan without typed error edges', () => {
        const compiled = plan([node('train'), node('alert', { onFailureOf: ['train'] })]);
        expect(argoExport(compiled, clusterTarget(), { bundles: placeholderBundles(compiled) }).warnings).toEqual([]);
    });
});
