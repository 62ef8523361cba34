// What a built artifact's launcher has instead of the runtime's Kubernetes entry
// (bundle-launcher.ts aliases `@weft/runtime/kubernetes` to this module): the artifact leaves the
// Kubernetes client out, so a kubernetes target is refused with this reason.

export class KubernetesExecutor {
    constructor() {
        throw new Error('a built artifact runs sandbox targets only; run a kubernetes target with weft run');
    }
}
