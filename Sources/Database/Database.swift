// Database module.
