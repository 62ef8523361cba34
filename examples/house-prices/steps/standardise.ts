import * as path from 'node:path';
import { Dataset, type StepContext } from '@weft/runtime';

/** `type House` in ../houses.weft. */
export interface House {
    readonly area: number;
    readonly rooms: number;
    readonly age: number;
    readonly price: number;
    readonly split: 'train' | 'test';
}

/** `type Row`: standardised features and the price in thousands. */
export interface Row {
    readonly x: number[];
    readonly y: number;
    readonly split: 'train' | 'test';
}

export interface StandardiseInputs {
    readonly houses: Dataset<House>;
}

export interface StandardiseOutputs {
    readonly rows: Dataset<Row>;
    readonly mean: number[];
    readonly scale: number[];
}

const features = (house: House): number[] => [house.area, house.rooms, house.age];

/** The mean and standard deviation of each feature over `houses`. */
export function moments(houses: readonly House[]): { mean: number[], scale: number[] } {
    const columns = [0, 1, 2];
    const mean = columns.map(column => houses.reduce((sum, house) => sum + features(house)[column]!, 0) / houses.length);
    const scale = columns.map(column => Math.sqrt(houses.reduce((sum, house) => sum + (features(house)[column]! - mean[column]!) ** 2, 0) / houses.length) || 1);
    return { mean, scale };
}

/** `step standardise`: the train split's moments applied to every row. */
export async function standardise(inputs: StandardiseInputs, ctx: StepContext): Promise<StandardiseOutputs> {
    const houses = await inputs.houses.readAll();
    const { mean, scale } = moments(houses.filter(house => house.split === 'train'));
    const rows = houses.map(house => ({ x: features(house).map((value, column) => (value - mean[column]!) / scale[column]!), y: house.price / 1000, split: house.split }));
    ctx.logger.info(`standardised ${rows.length} houses`, { mean });
    return { rows: await Dataset.write(path.join(ctx.workDir, 'rows.jsonl'), rows), mean, scale };
}
