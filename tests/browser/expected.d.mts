export function expectedTokens(text: string, modelId?: string, pair?: string): Promise<string[]>;
export function expectedPairTokensTruncated(a: string, b: string, maxLength: number, modelId?: string): Promise<string[]>;
