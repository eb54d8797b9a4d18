${msg("kceduEmailChangedBody", realmName, newEmail)}

${msg("kceduEmailChangedNotYou")}

-- 
${branding.footerText!msg("kceduSignature")}
