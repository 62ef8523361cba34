// The steps of tune.weft: plain functions of their inputs.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Dataset, Model } from '@weft/runtime';

type Row = { text: string, label: string };

export async function clean(inputs: { data: Dataset<Row>, minLength: number }, ctx: { workDir: string }): Promise<{ rows: Dataset<Row> }> {
    const rows = (await inputs.data.readAll()).filter(row => row.text.length >= inputs.minLength);
    return { rows: await Dataset.write(path.join(ctx.workDir, 'rows.jsonl'), rows) };
}

export async function tune(inputs: { rows: Dataset<Row>, base: Model<Row, string>, marker: string }, ctx: { workDir: string }): Promise<{ model: Model<Row, string> }> {
    if (inputs.marker !== '') await writeFile(inputs.marker, 'tune ran\n');
    const base = await inputs.base.readJson<{ weights: number[], bias: number }>();
    const rows = await inputs.rows.readAll();
    return { model: await Model.writeJson<Row, string>(path.join(ctx.workDir, 'model.json'), { ...base, bias: base.bias + rows.length }) };
}

export async function summarize(inputs: { model: Model<Row, string> }): Promise<{ summary: Record<string, number> }> {
    const model = await inputs.model.readJson<{ weights: number[], bias: number }>();
    return { summary: { bias: model.bias, weights: model.weights.length } };
}
