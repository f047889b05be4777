// Parser performance: Langium's parser asks the AST reflection for a type's metadata after every
// node it builds, only to fill in properties that have a default value (empty arrays, `false`).
// This view answers with those properties alone, computed once per type, so that step stops
// iterating every property of every node. Everything else is delegated unchanged.
import type { AstReflection, TypeMetaData } from 'langium';

export function defaultValuesReflection(reflection: AstReflection): AstReflection {
    const cache = new Map<string, TypeMetaData>();
    const view = Object.create(reflection) as AstReflection;
    view.getTypeMetaData = (type: string): TypeMetaData => {
        let metaData = cache.get(type);
        if (!metaData) {
            const full = reflection.getTypeMetaData(type);
            const defaulted = Object.entries(full.properties).filter(([, property]) => property.defaultValue !== undefined);
            metaData = { ...full, properties: Object.fromEntries(defaulted) };
            cache.set(type, metaData);
        }
        return metaData;
    };
    return view;
}
