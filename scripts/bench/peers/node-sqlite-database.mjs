// The part of better-sqlite3's `Database` that LangGraph's `SqliteSaver` uses (prepare, exec,
// pragma, transaction), over Node's built-in `node:sqlite`. better-sqlite3 is a native addon that
// must be compiled against the running Node's headers, which this machine does not have for
// Node 22 (npm's registry serves no headers, nodejs.org is unreachable); the checkpointer's own
// code and SQL run unchanged on the same SQLite library.
import { DatabaseSync } from 'node:sqlite';

export class NodeSqliteDatabase {
    #db;
    #statements = new Map();

    constructor(file) {
        this.#db = new DatabaseSync(file);
    }

    prepare(sql) {
        let statement = this.#statements.get(sql);
        if (!statement) {
            statement = new Statement(this.#db.prepare(sql));
            this.#statements.set(sql, statement);
        }
        return statement;
    }

    exec(sql) {
        this.#db.exec(sql);
    }

    pragma(setting) {
        return this.#db.prepare(`PRAGMA ${setting}`).all();
    }

    /** Like better-sqlite3: a function that runs `body` in one transaction. */
    transaction(body) {
        return (...args) => {
            this.#db.exec('BEGIN');
            try {
                const result = body(...args);
                this.#db.exec('COMMIT');
                return result;
            } catch (error) {
                this.#db.exec('ROLLBACK');
                throw error;
            }
        };
    }

    close() {
        this.#db.close();
    }
}

/** better-sqlite3 binds `undefined` as NULL; node:sqlite refuses it. */
class Statement {
    #statement;

    constructor(statement) {
        this.#statement = statement;
    }

    run(...args) {
        return this.#statement.run(...args.map(orNull));
    }

    get(...args) {
        return this.#statement.get(...args.map(orNull));
    }

    all(...args) {
        return this.#statement.all(...args.map(orNull));
    }
}

const orNull = value => (value === undefined ? null : value);
