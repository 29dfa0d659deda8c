/** How a string token looks inside a string (`${Token[NAME.123]}`). */
export const STRING_TOKEN = /\$\{Token\[[^\]]+\]\}/g;
