${msg("kceduRegisterExistsBody", realmName)}

${msg("kceduRegisterExistsAction")}: ${resetUrl}

${msg("kceduNotYou")}

-- 
${branding.footerText!msg("kceduSignature")}
