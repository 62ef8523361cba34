export function notify(inputs: { message: string }): void {
    void inputs;
}
