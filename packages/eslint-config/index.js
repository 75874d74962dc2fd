// One lint policy for the whole monorepo. Type-aware rules catch the failures that matter in an
// async gRPC server (a floating promise is a lost error; a misused promise is a half-done write).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** @param {{ tsconfigRootDir: string, allowConsole?: boolean }} options */
export function walletConfig({ tsconfigRootDir, allowConsole = false }) {
  return tseslint.config(
    { ignores: ["dist/**", "src/gen/**", "coverage/**", ".test-results/**", "*.config.*", "scripts/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      linterOptions: { reportUnusedDisableDirectives: "error" },
      rules: {
        "@typescript-eslint/no-floating-promises": "error",
        "@typescript-eslint/no-misused-promises": "error",
        "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
        "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "@typescript-eslint/only-throw-error": "error",
        "eqeqeq": ["error", "always"],
        "no-console": allowConsole ? "off" : "error",
      },
    },
    {
      files: ["test/**/*.ts"],
      rules: {
        // Test assertions often reach into loosely typed wire payloads.
        "@typescript-eslint/no-unsafe-member-access": "off",
        "@typescript-eslint/no-unsafe-assignment": "off",
        "@typescript-eslint/no-non-null-assertion": "off",
        "no-console": "off",
      },
    },
  );
}
