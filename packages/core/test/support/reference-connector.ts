/** The reference README's example connector file, verbatim (snake_case). */
export const referenceOpenaiChat = `{
  "name": "openai-chat",
  "version": "1.0.0",
  "rate_limit": 30,
  "required_permissions": ["llm:call"],
  "input_schema": {
    "type": "object",
    "properties": {
      "prompt": {"type": "string"},
      "model":  {"type": "string"}
    },
    "required": ["prompt"]
  },
  "output_schema": {"type": "object"}
}
`;
