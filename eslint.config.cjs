// ESLint for the addons' JavaScript (Odoo 18 ES modules), in the spirit of
// OCA's eslint.config.cjs: the recommended rules plus the ones OCA enforces.
const js = require("@eslint/js");
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

module.exports = [
    {ignores: ["**/static/lib/**", "**/static/src/lib/**", "node_modules/**"]},
    js.configs.recommended,
    {
        files: ["addons/**/*.js"],
        plugins: {jsdoc},
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: {
                ...globals.browser,
                odoo: "readonly",
                owl: "readonly",
                luxon: "readonly",
                QUnit: "readonly",
            },
        },
        rules: {
            "no-unused-vars": ["error", {args: "none"}],
            "no-var": "error",
            "prefer-const": ["error", {destructuring: "all"}],
            eqeqeq: ["error", "smart"],
            curly: "error",
            "no-console": "error",
            "no-eval": "error",
            "no-implied-eval": "error",
            "no-alert": "error",
            "no-else-return": "error",
            "jsdoc/check-alignment": "error",
            "jsdoc/check-tag-names": "error",
            "jsdoc/no-undefined-types": "off",
        },
    },
];
