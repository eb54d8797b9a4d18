${msg("kceduRegisterLinkGreeting", firstName)}

${msg("kceduRegisterLinkBody", realmName)}

${link}

${msg("kceduRegisterLinkExpiry", linkExpirationMinutes)}
${msg("kceduNotYou")}

-- 
${branding.footerText!msg("kceduSignature")}
