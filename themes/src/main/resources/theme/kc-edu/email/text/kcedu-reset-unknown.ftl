${msg("kceduResetUnknownBody", realmName)}

${msg("kceduResetUnknownAction")}: ${registerUrl}

${msg("kceduNotYou")}

-- 
${branding.footerText!msg("kceduSignature")}
