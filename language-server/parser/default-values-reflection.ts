// Parser performance: Langium's parser asks the AST reflection for a type's metadata after every
// node it builds, only to fill in properties that have a default value (empty arrays, `false`),
// going through `Object.values` of all its properties (a new array per node). This computes each
// type's defaulted properties once and fills them in with a plain loop: the same values.
import type { AstReflection } from 'langium';

type Defaults = Array<{ name: string; value: unknown }>;

/** Fills in a node's unset properties that have default values, as assignMandatoryProperties does. */
export function defaultValueFiller(reflection: AstReflection): (node: Record<string, unknown> & { $type: string }) => void {
    const byType = new Map<string, Defaults>();
    return (node) => {
        let defaults = byType.get(node.$type);
        if (!defaults) {
            defaults = Object.values(reflection.getTypeMetaData(node.$type).properties)
                .filter(property => property.defaultValue !== undefined)
                .map(property => ({ name: property.name, value: property.defaultValue }));
            byType.set(node.$type, defaults);
        }
        for (let i = 0; i < defaults.length; i++) {
            const { name, value } = defaults[i];
            if (node[name] === undefined) node[name] = copyDefault(value);
        }
    };
}

function copyDefault(value: unknown): unknown {
    return Array.isArray(value) ? value.map(copyDefault) : value;
}
