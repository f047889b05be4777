// The ONE adapter between the runtime's standard-library table (runtime/expressions/stdlib) and
// the language server: parses each entry's documented type text (`list<T>`, `(item: T) => U`,
// `list|string|map`) into signature types with type variables, adds `env` (secrets only), and
// answers lookups for inference, completion, hover and signature help. Nothing else in the
// language server imports the stdlib table.
import type { StdlibFunction } from '../../runtime/expressions/stdlib/index.js';
import { STDLIB } from '../../runtime/expressions/stdlib/index.js';

/** A parameter or return type of a standard-library function: TypeRef-like plus variables and functions. */
export type SignatureType =
    | { kind: 'string' | 'number' | 'boolean' | 'duration' | 'size' | 'any' | 'null' }
    | { kind: 'list' | 'map' | 'optional'; of: SignatureType }
    | { kind: 'union'; options: SignatureType[] }
    | { kind: 'object'; fields: Array<{ name: string; type: SignatureType }> }
    /** A type variable (`T`, `U`): bound from the arguments. */
    | { kind: 'var'; name: string }
    /** A lambda parameter: `(item: T, index: number) => U`. */
    | { kind: 'function'; params: Array<{ name: string; type: SignatureType }>; returns: SignatureType };

export interface SignatureParam {
    name: string;
    type: SignatureType;
    /** The type as documented (`list<T>`). */
    typeText: string;
    optional: boolean;
    rest: boolean;
    doc?: string;
}

export interface StdlibSignature {
    name: string;
    category: string;
    /** `len(x: list|string|map): number` */
    signature: string;
    doc: string;
    params: SignatureParam[];
    returns: SignatureType;
    returnsText: string;
    minArgs: number;
    maxArgs: number;
    /** Only valid in `secret name = env("X")`. */
    secretOnly?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Parsing the documented type text

class TypeTextParser {
    private pos = 0;
    constructor(private readonly text: string) {}

    parse(): SignatureType {
        const type = this.union();
        this.skip();
        if (this.pos < this.text.length) throw new Error(`unexpected '${this.text.slice(this.pos)}' in '${this.text}'`);
        return type;
    }

    private skip(): void {
        while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
    }

    private eat(token: string): boolean {
        this.skip();
        if (this.text.startsWith(token, this.pos)) {
            this.pos += token.length;
            return true;
        }
        return false;
    }

    private expect(token: string): void {
        if (!this.eat(token)) throw new Error(`expected '${token}' at ${this.pos} in '${this.text}'`);
    }

    private ident(): string {
        this.skip();
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
        if (!m) throw new Error(`expected a name at ${this.pos} in '${this.text}'`);
        this.pos += m[0].length;
        return m[0];
    }

    private union(): SignatureType {
        const options = [this.postfix()];
        while (this.eat('|')) options.push(this.postfix());
        return options.length === 1 ? options[0] : { kind: 'union', options };
    }

    private postfix(): SignatureType {
        const type = this.primary();
        return this.eat('?') ? { kind: 'optional', of: type } : type;
    }

    private primary(): SignatureType {
        if (this.eat('(')) {
            const params: Array<{ name: string; type: SignatureType }> = [];
            if (!this.eat(')')) {
                do {
                    const name = this.ident();
                    this.expect(':');
                    params.push({ name, type: this.union() });
                } while (this.eat(','));
                this.expect(')');
            }
            this.expect('=>');
            return { kind: 'function', params, returns: this.union() };
        }
        if (this.eat('{')) {
            const fields: Array<{ name: string; type: SignatureType }> = [];
            if (!this.eat('}')) {
                do {
                    const name = this.ident();
                    this.expect(':');
                    fields.push({ name, type: this.union() });
                } while (this.eat(','));
                this.expect('}');
            }
            return { kind: 'object', fields };
        }
        const name = this.ident();
        switch (name) {
            case 'list': case 'map':
                return { kind: name, of: this.eat('<') ? this.closeGeneric() : { kind: 'any' } };
            case 'string': case 'number': case 'boolean': case 'duration': case 'size': case 'any': case 'null':
                return { kind: name };
            default:
                if (/^[A-Z]$/.test(name)) return { kind: 'var', name };
                throw new Error(`unknown type '${name}' in '${this.text}'`);
        }
    }

    private closeGeneric(): SignatureType {
        const of = this.union();
        this.expect('>');
        return of;
    }
}

/** Parses a documented type (`list<T>|string`); throws on text it cannot read. */
export function parseSignatureType(text: string): SignatureType {
    return new TypeTextParser(text).parse();
}

function adapt(fn: StdlibFunction): StdlibSignature {
    return {
        name: fn.name,
        category: fn.category,
        signature: fn.signature,
        doc: fn.doc,
        params: fn.params.map(p => ({
            name: p.name, type: parseSignatureType(p.type), typeText: p.type,
            optional: p.optional ?? false, rest: p.rest ?? false, ...(p.doc ? { doc: p.doc } : {}),
        })),
        returns: parseSignatureType(fn.returns),
        returnsText: fn.returns,
        minArgs: fn.minArgs,
        maxArgs: fn.maxArgs,
    };
}

const ENV: StdlibSignature = {
    name: 'env',
    category: 'secret',
    signature: 'env(name: string): string',
    doc: 'The value of the environment variable `name`, read when a run starts. Only in `secret name = env("NAME")`.',
    params: [{ name: 'name', type: { kind: 'string' }, typeText: 'string', optional: false, rest: false }],
    returns: { kind: 'string' },
    returnsText: 'string',
    minArgs: 1,
    maxArgs: 1,
    secretOnly: true,
};

const SIGNATURES: readonly StdlibSignature[] = [...STDLIB.map(adapt), ENV];
const BY_NAME = new Map(SIGNATURES.map(s => [s.name, s]));

/** Every standard-library function (and `env`), in the table's order. */
export function stdlibSignatures(): readonly StdlibSignature[] {
    return SIGNATURES;
}

export function findStdlibSignature(name: string): StdlibSignature | undefined {
    return BY_NAME.get(name);
}
